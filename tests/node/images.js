// Drives the official Tencent Cloud Node SDK's image actions against the emulator: a create with every field
// the SDK's model has, its life to DONE, schedule ids, and the errors. Usage: node images.js <port>;
// credentials from TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY. Prints one JSON object.
'use strict';
const { createClient } = require('./client');

const { client, agent } = createClient(process.argv[2]);

async function codeOf(call) {
  try {
    await call();
    return null;
  } catch (error) {
    return error.code || String(error.message || error);
  }
}

async function main() {
  const created = await client.CreateAigcImageTask({
    ModelName: 'Hunyuan',
    ModelVersion: '3.0',
    SceneType: '3d_panorama',
    Prompt: 'a red fox, watercolor',
    NegativePrompt: 'blur',
    EnhancePrompt: true,
    ImageInfos: [{ ImageUrl: 'https://example.com/fox.png', ReferenceType: 'style' }],
    OutputImageCount: 2,
    ExtraParameters: { AspectRatio: '16:9', Resolution: '2K', LogoAdd: 1, OutputFormat: 'JPEG' },
    AdditionalParameters: JSON.stringify({ size: '1024x1024' }),
    StoreCosParam: { CosBucketName: 'bucket-125', CosBucketRegion: 'ap-guangzhou', CosBucketPath: '/out' },
    Operator: 'node',
  });
  const statuses = [];
  let last;
  for (let i = 0; i < 3; i++) {
    last = await client.DescribeAigcImageTask({ TaskId: created.TaskId });
    statuses.push(last.Status);
  }
  const failed = await client.DescribeAigcImageTask({ TaskId: 'fail-img-node' });
  const result = {
    TaskId: created.TaskId,
    Statuses: statuses,
    ImageUrls: last.ImageUrls || [],
    FailMessage: failed.Message,
    TooLong: await codeOf(() => client.CreateAigcImageTask({ ModelName: 'Hunyuan', Prompt: 'a'.repeat(1001) })),
    TooManyImages: await codeOf(() => client.CreateAigcImageTask({
      ModelName: 'Kling', ModelVersion: '2.1', Prompt: 'a fox',
      ImageInfos: [1, 2, 3, 4, 5].map((i) => ({ ImageUrl: `https://example.com/${i}.png` })),
    })),
    VideoIdAsImage: await codeOf(() => client.DescribeAigcImageTask({ TaskId: 'done-node' })),
  };
  console.log(JSON.stringify(result));
  agent.destroy();
}

main().catch((error) => {
  console.error(error && error.stack || String(error));
  process.exit(1);
});

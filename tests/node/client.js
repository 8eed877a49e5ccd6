// The official SDK's client, pointed at the emulator. The SDK takes the signing service from the endpoint's
// first label and signs the host without a port: name the emulator mps.emulator.local and resolve every
// name to loopback.
'use strict';
const http = require('http');
const tencentcloud = require('tencentcloud-sdk-nodejs-mps');

function createClient(port) {
  const agent = new http.Agent({
    keepAlive: true,
    lookup: (host, options, callback) => options && options.all
      ? callback(null, [{ address: '127.0.0.1', family: 4 }])
      : callback(null, '127.0.0.1', 4),
  });
  const client = new tencentcloud.mps.v20190612.Client({
    credential: { secretId: process.env.TENCENTCLOUD_SECRET_ID, secretKey: process.env.TENCENTCLOUD_SECRET_KEY },
    region: '',
    profile: { httpProfile: { endpoint: `mps.emulator.local:${port}`, protocol: 'http://', agent, reqTimeout: 30 } },
  });
  return { client, agent };
}

module.exports = { createClient };

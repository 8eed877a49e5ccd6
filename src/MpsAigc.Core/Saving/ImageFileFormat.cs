namespace MpsAigc.Saving
{
    /// <summary>The formats an AIGC image can come in: JPEG or PNG as the service documents, WebP as some models give.</summary>
    public enum ImageFileFormat
    {
        /// <summary>The bytes are none of the formats; saved with the extension ".bin".</summary>
        Unknown,
        Png,
        Jpeg,
        WebP,
    }
}

using System;
using System.Net.Http;
using System.Text;
using System.Management.Automation;

namespace ColdStartFloor
{
    /// <summary>
    /// One cmdlet, one parameter, one HttpClient POST: the least a binary module that calls a web API can cost
    /// PowerShell to import and run once.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "FloorItem")]
    [OutputType(typeof(FloorItem))]
    public sealed class GetFloorItemCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public Uri? Uri { get; set; }

        protected override void ProcessRecord()
        {
            using (var http = new HttpClient())
            using (var body = new StringContent("{}", Encoding.UTF8, "application/json"))
            using (HttpResponseMessage response = http.PostAsync(Uri, body).GetAwaiter().GetResult())
            {
                WriteObject(new FloorItem(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()));
            }
        }
    }

    public sealed class FloorItem
    {
        public FloorItem(string answer)
        {
            Answer = answer;
        }

        public string Answer { get; }
    }
}

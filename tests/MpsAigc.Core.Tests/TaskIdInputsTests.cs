using System;
using System.Collections;
using System.IO;
using System.Reflection;
using MpsAigc.Tasks;
using Xunit;

namespace MpsAigc.Core.Tests
{
    public class TaskIdInputsTests
    {
        /// <summary>As a runtime without wrappers would read them: a public TaskId property by reflection.</summary>
        private static readonly TaskIdInputs Plain = new TaskIdInputs(value => value, (object input, string name, out object? value) =>
        {
            PropertyInfo? property = input.GetType().GetProperty(name);
            value = property?.GetValue(input);
            return property != null;
        });

        [Fact]
        public void StringsNumbersAndGuidsAreIdsAsWritten()
        {
            var guid = Guid.Parse("6f1c9a8e-0b7d-4c1e-9a43-0d2f5b8e7c11");

            Assert.Equal("4-AigcVideo-a", Plain.Read("4-AigcVideo-a"));
            Assert.Equal(new string?[] { "12", "1234567890123", "6f1c9a8e-0b7d-4c1e-9a43-0d2f5b8e7c11", null }, Plain.Read(new object?[] { 12, 1234567890123L, guid, null }));
            Assert.Null(Plain.Read(null));
        }

        [Fact]
        public void ADictionaryOrAnObjectGivesItsTaskId()
        {
            Assert.Equal("from-table", Plain.Read(new Hashtable { ["TaskId"] = "from-table" }));
            Assert.Equal(new string?[] { "from-object", "7" }, Plain.Read(new object[] { new { TaskId = "from-object" }, new Hashtable { ["TaskId"] = 7 } }));
        }

        [Fact]
        public void TheRuntimeSaysWhatAWrapperHolds()
        {
            var wrapped = new TaskIdInputs(value => value is Wrapper box ? box.Value : value, (object input, string name, out object? value) =>
            {
                value = null;
                return false;
            });

            Assert.Equal(new string?[] { "inside", "plain" }, wrapped.Read(new Wrapper(new object[] { new Wrapper("inside"), "plain" })));
        }

        [Fact]
        public void AnythingElseIsRefusedByItsTypeNotSentAsItsName()
        {
            var error = Assert.Throws<MpsException>(() => Plain.Read(new object[] { "ok", new FileInfo("clip.mp4") }));

            Assert.Equal(ErrorIds.InvalidTaskId, error.ErrorId);
            Assert.StartsWith("A System.IO.FileInfo is not a task id.", error.Message);
            Assert.Throws<MpsException>(() => Plain.Read(new Hashtable { ["Id"] = "no TaskId key" }));
        }

        private sealed class Wrapper
        {
            public Wrapper(object? value)
            {
                Value = value;
            }

            public object? Value { get; }
        }
    }
}

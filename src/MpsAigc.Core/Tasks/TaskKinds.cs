using System;
using System.Collections.Generic;
using System.Linq;

namespace MpsAigc.Tasks
{
    /// <summary>The one list of the kinds of task the module knows; a new kind is one more entry here.</summary>
    public static class TaskKinds
    {
        public static readonly IReadOnlyList<TaskKind> All = new[] { VideoKind.Kind, ImageKind.Kind };

        /// <summary>The kind whose ids look like <paramref name="taskId"/> ("4-AigcImage-..."), or null.</summary>
        public static TaskKind? WrittenAs(string taskId)
        {
            return All.FirstOrDefault(kind => taskId.IndexOf(kind.IdMark, StringComparison.OrdinalIgnoreCase) >= 0);
        }

        /// <summary>The kind one of whose cmdlets is <paramref name="commandName"/> (New-MpsAigcImageTask: Image), or null.</summary>
        public static TaskKind? OfCommand(string? commandName)
        {
            return All.FirstOrDefault(kind => new[] { kind.NewCommand, kind.GetCommand, kind.WaitCommand, kind.SaveCommand }.Contains(commandName, StringComparer.OrdinalIgnoreCase));
        }

        /// <summary>The kind named <paramref name="name"/> (a task's Kind, in any case), or null.</summary>
        public static TaskKind? Named(string? name)
        {
            return All.FirstOrDefault(kind => string.Equals(kind.Name, name, StringComparison.OrdinalIgnoreCase));
        }
    }
}

using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// How an emulated task behaves, read from its id so tests need no setup: the first part is the outcome
    /// (done, fail, wait, run), then optional parts in any order: afterNpolls (final on the Nth query),
    /// afterNs (final N seconds after the first query), vN or iN (N videos or images), r720 (resolution
    /// written 1080*720), sizeN (videos of N bytes; images padded to N bytes).
    /// Image tasks: the part img makes the id an image task's (the video actions do not know it, and the image
    /// actions know no id without it); png or jpeg makes every image that format (else they alternate, PNG
    /// first); noext, wrongext or rightext names every link so (else the links take turns: no extension, the
    /// other format's, the right one); octet serves them as application/octet-stream.
    /// Example: done-after3polls-v2-batch7, done-img-i3-batch7. Other ids are unknown, as on the service.
    /// </summary>
    internal sealed class TaskSchedule
    {
        private static readonly Regex Polls = new Regex(@"^after(\d{1,6})polls$", RegexOptions.CultureInvariant);
        private static readonly Regex Seconds = new Regex(@"^after(\d{1,6})s$", RegexOptions.CultureInvariant);
        private static readonly Regex Results = new Regex(@"^[vi](\d{1,2})$", RegexOptions.CultureInvariant);
        private static readonly Regex Size = new Regex(@"^size(\d{1,12})$", RegexOptions.CultureInvariant);

        private TaskSchedule(string outcome)
        {
            Outcome = outcome;
        }

        public string Outcome { get; }

        public int FinalAtPoll { get; private set; } = 1;

        public TimeSpan FinalAfter { get; private set; }

        public TaskKind Kind { get; private set; } = TaskKind.Video;

        /// <summary>How many videos or images a DONE task has.</summary>
        public int ResultCount { get; private set; } = 1;

        public string Resolution { get; private set; } = "1920x1088";

        /// <summary>The size of each video (or padded image), when the id sets one.</summary>
        public long? ResultBytes { get; private set; }

        /// <summary>Every image's format; null: they alternate, PNG first.</summary>
        public ImageFormat? ImageFormat { get; private set; }

        /// <summary>How every image link is named; null: the forms take turns.</summary>
        public LinkName? LinkName { get; private set; }

        /// <summary>Images are served as application/octet-stream, as COS does for objects stored without a type.</summary>
        public bool OctetStream { get; private set; }

        /// <param name="imageFormat">What the create asked for (ExtraParameters.OutputFormat), or null.</param>
        /// <param name="results">What the create asked for (OutputImageCount), or one.</param>
        public static TaskSchedule Created(TaskKind kind, int polls, ImageFormat? imageFormat = null, int results = 1)
        {
            return new TaskSchedule("done") { Kind = kind, FinalAtPoll = Math.Max(1, polls), ImageFormat = imageFormat, ResultCount = Math.Max(1, results) };
        }

        /// <summary>The format of image <paramref name="index"/> (1-based).</summary>
        public ImageFormat ImageFormatOf(int index)
        {
            return ImageFormat ?? (index % 2 == 1 ? Emulator.ImageFormat.Png : Emulator.ImageFormat.Jpeg);
        }

        /// <summary>How the link of image <paramref name="index"/> (1-based) is named.</summary>
        public LinkName LinkNameOf(int index)
        {
            return LinkName ?? (Emulator.LinkName)((index - 1) % 3);
        }

        /// <returns>null for an id that names no schedule.</returns>
        public static TaskSchedule? FromTaskId(string taskId)
        {
            string[] parts = taskId.Split('-');
            if (parts.Length < 2 || (parts[0] != "done" && parts[0] != "fail" && parts[0] != "wait" && parts[0] != "run"))
            {
                return null;
            }
            var schedule = new TaskSchedule(parts[0]);
            for (int i = 1; i < parts.Length; i++)
            {
                Match m;
                if ((m = Polls.Match(parts[i])).Success)
                {
                    schedule.FinalAtPoll = Math.Max(1, Number(m));
                }
                else if ((m = Seconds.Match(parts[i])).Success)
                {
                    schedule.FinalAfter = TimeSpan.FromSeconds(Number(m));
                }
                else if ((m = Results.Match(parts[i])).Success)
                {
                    schedule.ResultCount = Math.Max(1, Number(m));
                }
                else if ((m = Size.Match(parts[i])).Success)
                {
                    schedule.ResultBytes = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                }
                else
                {
                    schedule.ReadFlag(parts[i]);
                }
            }
            return schedule;
        }

        /// <summary>The status at the <paramref name="poll"/>th query, <paramref name="sinceFirstPoll"/> after the first.</summary>
        public string StatusAt(int poll, TimeSpan sinceFirstPoll)
        {
            switch (Outcome)
            {
                case "wait": return "WAIT";
                case "run": return "RUN";
            }
            bool final = poll >= FinalAtPoll && sinceFirstPoll >= FinalAfter;
            if (final)
            {
                return Outcome == "done" ? "DONE" : "FAIL";
            }
            return poll <= 1 ? "WAIT" : "RUN";
        }

        private void ReadFlag(string part)
        {
            switch (part)
            {
                case "r720": Resolution = "1080*720"; break;
                case "img": Kind = TaskKind.Image; break;
                case "png": ImageFormat = Emulator.ImageFormat.Png; break;
                case "jpeg": ImageFormat = Emulator.ImageFormat.Jpeg; break;
                case "noext": LinkName = Emulator.LinkName.NoExtension; break;
                case "wrongext": LinkName = Emulator.LinkName.WrongExtension; break;
                case "rightext": LinkName = Emulator.LinkName.RightExtension; break;
                case "octet": OctetStream = true; break;
            }
        }

        private static int Number(Match m)
        {
            return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }
    }

    internal enum ImageFormat
    {
        Png,
        Jpeg,
    }

    /// <summary>How an image link's last segment is named: links need not tell the format, or may tell it wrong.</summary>
    internal enum LinkName
    {
        NoExtension,
        WrongExtension,
        RightExtension,
    }
}

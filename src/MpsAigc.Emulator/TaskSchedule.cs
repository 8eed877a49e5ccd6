using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MpsAigc.Emulator
{
    /// <summary>
    /// How an emulated task behaves, read from its id so tests need no setup: the first part is the outcome
    /// (done, fail, wait, run), then optional parts in any order: afterNpolls (final on the Nth query),
    /// afterNs (final N seconds after the first query), vN (N videos), r720 (resolution written 1080*720),
    /// sizeN (videos of N bytes).
    /// Example: done-after3polls-v2-batch7. Other ids are unknown, as on the service.
    /// </summary>
    internal sealed class TaskSchedule
    {
        private static readonly Regex Polls = new Regex(@"^after(\d{1,6})polls$", RegexOptions.CultureInvariant);
        private static readonly Regex Seconds = new Regex(@"^after(\d{1,6})s$", RegexOptions.CultureInvariant);
        private static readonly Regex Videos = new Regex(@"^v(\d{1,2})$", RegexOptions.CultureInvariant);
        private static readonly Regex Size = new Regex(@"^size(\d{1,12})$", RegexOptions.CultureInvariant);

        public string Outcome { get; private set; }

        public int FinalAtPoll { get; private set; } = 1;

        public TimeSpan FinalAfter { get; private set; }

        public int VideoCount { get; private set; } = 1;

        public string Resolution { get; private set; } = "1920x1088";

        /// <summary>The size of each video, when the id sets one.</summary>
        public long? VideoBytes { get; private set; }

        public static TaskSchedule Created(int polls)
        {
            return new TaskSchedule { Outcome = "done", FinalAtPoll = Math.Max(1, polls) };
        }

        public static TaskSchedule FromTaskId(string taskId)
        {
            string[] parts = taskId.Split('-');
            if (parts.Length < 2 || (parts[0] != "done" && parts[0] != "fail" && parts[0] != "wait" && parts[0] != "run"))
            {
                return null;
            }
            var schedule = new TaskSchedule { Outcome = parts[0] };
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
                else if ((m = Videos.Match(parts[i])).Success)
                {
                    schedule.VideoCount = Math.Max(1, Number(m));
                }
                else if ((m = Size.Match(parts[i])).Success)
                {
                    schedule.VideoBytes = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                }
                else if (parts[i] == "r720")
                {
                    schedule.Resolution = "1080*720";
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

        private static int Number(Match m)
        {
            return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }
    }
}

using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Security.Cryptography;

namespace MpsAigc.Emulator
{
    /// <summary>Every task the emulator has been asked about, with how often, and when it became final.</summary>
    internal sealed class TaskBook
    {
        private readonly ConcurrentDictionary<string, TaskRecord?> _tasks = new ConcurrentDictionary<string, TaskRecord?>(StringComparer.Ordinal);
        private readonly EmulatorOptions _options;

        public TaskBook(EmulatorOptions options)
        {
            _options = options;
        }

        /// <param name="imageFormat">An image task's ExtraParameters.OutputFormat, or null.</param>
        /// <param name="results">How many videos or images the task makes.</param>
        public string Create(TaskKind kind, ImageFormat? imageFormat = null, int results = 1)
        {
            string id = kind.CreatedIdPrefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            _tasks[id] = new TaskRecord(id, TaskSchedule.Created(kind, _options.CreatedTaskPolls, imageFormat, results));
            return id;
        }

        /// <returns>The task's state after this query, or null for an id unknown to the actions of <paramref name="kind"/>.</returns>
        public TaskSnapshot? Poll(string taskId, TaskKind kind, DateTimeOffset now)
        {
            // An unknown id is stored as null for a moment, and taken out again below.
            TaskRecord? record = _tasks.GetOrAdd(taskId, id =>
            {
                TaskSchedule? schedule = TaskSchedule.FromTaskId(id);
                return schedule == null ? null : new TaskRecord(id, schedule);
            });
            if (record == null)
            {
                _tasks.TryRemove(taskId, out _);
                return null;
            }
            // The other kind's task is not counted as queried: to this action it does not exist.
            return record.Schedule.Kind == kind ? record.Poll(now) : null;
        }

        /// <summary>How a task known to the book, or named by a schedule id, behaves; null for neither.</summary>
        public TaskSchedule? ScheduleOf(string taskId)
        {
            return _tasks.TryGetValue(taskId, out TaskRecord? record) && record != null ? record.Schedule : TaskSchedule.FromTaskId(taskId);
        }

        /// <summary>How many tasks it knows: asked about or created since it started or was cleared.</summary>
        public int Known => _tasks.Count(entry => entry.Value != null);

        public void Clear()
        {
            _tasks.Clear();
        }

        private sealed class TaskRecord
        {
            private readonly object _lock = new object();
            private int _polls;
            private DateTimeOffset _firstPoll;
            private DateTimeOffset? _finishedAt;

            public TaskRecord(string id, TaskSchedule schedule)
            {
                Id = id;
                Schedule = schedule;
            }

            public string Id { get; }

            public TaskSchedule Schedule { get; }

            public TaskSnapshot Poll(DateTimeOffset now)
            {
                lock (_lock)
                {
                    if (_polls++ == 0)
                    {
                        _firstPoll = now;
                    }
                    string status = Schedule.StatusAt(_polls, now - _firstPoll);
                    if ((status == "DONE" || status == "FAIL") && _finishedAt == null)
                    {
                        _finishedAt = now;
                    }
                    return new TaskSnapshot(Id, status, Schedule, _finishedAt ?? now);
                }
            }
        }
    }

    internal sealed class TaskSnapshot
    {
        public TaskSnapshot(string taskId, string status, TaskSchedule schedule, DateTimeOffset finishedAt)
        {
            TaskId = taskId;
            Status = status;
            Schedule = schedule;
            FinishedAt = finishedAt;
        }

        public string TaskId { get; }

        public string Status { get; }

        public TaskSchedule Schedule { get; }

        public DateTimeOffset FinishedAt { get; }
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using MpsAigc.Common;

namespace MpsAigc.Engine
{
    /// <summary>
    /// The one engine under every cmdlet. Items are kept in a queue ordered by when their work is next due;
    /// one loop runs the due work, at most <c>maxInFlight</c> at once (the client's limiter sets the rate),
    /// with no thread or timer per item. Each item ends as exactly one <see cref="Outcome{T}"/>, also when its
    /// work throws or the loop itself fails, handed out in input order or in the order items end. An item's work
    /// may add items before it ends (an id that becomes its files): the batch is finished only when none is open.
    /// </summary>
    /// <typeparam name="T">The batch's result: a task, a saved file.</typeparam>
    public sealed class BatchEngine<T>
        where T : class
    {
        private readonly bool _inputOrder;
        private readonly IClock _clock;
        private readonly CancellationToken _cancellationToken;
        private readonly SemaphoreSlim _slots;
        private readonly object _lock = new object();
        private readonly SortedSet<Item> _due = new SortedSet<Item>(ItemOrder.Instance);
        private readonly OrderedCompletionQueue<Outcome<T>> _outcomes = new OrderedCompletionQueue<Outcome<T>>();
        private readonly AsyncSignal _changed = new AsyncSignal();
        private long _sequence;
        private int _open;
        private bool _addingCompleted;
        private Exception? _fault;
        private int _started;
        private Action? _onOutcome;

        /// <param name="inputOrder">True: outcomes come out in the order items were added; false: as they end.</param>
        public BatchEngine(int maxInFlight, bool inputOrder, IClock clock, CancellationToken cancellationToken)
        {
            if (maxInFlight < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxInFlight), "At least one item must be allowed in flight.");
            }
            _inputOrder = inputOrder;
            _clock = clock;
            _cancellationToken = cancellationToken;
            _slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        }

        /// <summary>True once adding is complete and every item's outcome has been taken.</summary>
        public bool IsFinished
        {
            get
            {
                lock (_lock)
                {
                    return _addingCompleted && _open == 0;
                }
            }
        }

        /// <summary>Adds an item whose work runs after <paramref name="delay"/> (at once by default).</summary>
        public void Add(object? target, WorkStep<T> work, TimeSpan delay = default)
        {
            var item = new Item(target, work);
            Exception? fault;
            lock (_lock)
            {
                Open(item);
                item.Due = _clock.Elapsed + delay;
                item.Sequence = _sequence++;
                fault = _fault;
                if (fault == null)
                {
                    _due.Add(item);
                }
            }
            if (fault != null)
            {
                End(item, Unexpected(item, fault));
            }
            _changed.Set();
        }

        /// <summary>Adds an item that has ended already (a bad id, a refused plan); it keeps its place in input order.</summary>
        public void Add(Outcome<T> outcome)
        {
            // Its work never runs: the item ends here, before it could be due.
            var item = new Item(outcome.Target, _ => Task.FromResult(Step<T>.Done(outcome)));
            lock (_lock)
            {
                Open(item);
            }
            End(item, outcome);
        }

        /// <summary>Whom an outcome that is ready to take wakes: the pump that takes them.</summary>
        public void OnOutcome(Action ready)
        {
            Volatile.Write(ref _onOutcome, ready);
        }

        public void CompleteAdding()
        {
            lock (_lock)
            {
                _addingCompleted = true;
            }
            _changed.Set();
            Start();
        }

        /// <summary>Takes the next outcome if it is ready; never waits.</summary>
        public bool TryTake([NotNullWhen(true)] out Outcome<T>? outcome)
        {
            Start();
            if (!_outcomes.TryTake(out outcome))
            {
                return false;
            }
            lock (_lock)
            {
                _open--;
            }
            _changed.Set();
            return true;
        }

        /// <summary>
        /// The loop starts when outcomes are first asked for (a pump asks after every input), so that whoever
        /// adds a first handful of items sees them scheduled together, in their order.
        /// </summary>
        private void Start()
        {
            if (Interlocked.Exchange(ref _started, 1) == 0)
            {
                Task.Run(RunAsync).Forget();
            }
        }

        /// <summary>Counts the item and takes its place in the output order; call under the lock.</summary>
        private void Open(Item item)
        {
            if (_addingCompleted && _open == 0)
            {
                throw new InvalidOperationException("No item can be added to a finished batch.");
            }
            _open++;
            item.Index = _inputOrder ? _outcomes.Reserve() : -1;
        }

        private void End(Item item, Outcome<T> outcome)
        {
            if (item.Index >= 0)
            {
                _outcomes.Complete(item.Index, outcome);
            }
            else
            {
                _outcomes.Append(outcome);
            }
            Volatile.Read(ref _onOutcome)?.Invoke();
        }

        /// <summary>The loop: sends due work, sleeps until the next is due or something changes; ends when the batch is finished or cancelled.</summary>
        private async Task RunAsync()
        {
            try
            {
                while (true)
                {
                    Item? next = null;
                    TimeSpan wait = TimeSpan.Zero;
                    Task changed;
                    lock (_lock)
                    {
                        changed = _changed.Next;
                        if (_addingCompleted && _open == 0)
                        {
                            return;
                        }
                        if (_due.Min is Item min)
                        {
                            next = min;
                            wait = next.Due - _clock.Elapsed;
                            if (wait <= TimeSpan.Zero)
                            {
                                _due.Remove(next);
                            }
                        }
                    }
                    if (next == null)
                    {
                        await AsyncSignal.WaitAsync(changed, _cancellationToken).ConfigureAwait(false);
                    }
                    else if (wait > TimeSpan.Zero)
                    {
                        await SleepAsync(wait, changed).ConfigureAwait(false);
                    }
                    else
                    {
                        await _slots.WaitAsync(_cancellationToken).ConfigureAwait(false);
                        // Started from this loop, one after another: work reaches the rate limiter in due order.
                        RunItemAsync(next).Forget();
                    }
                }
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                // Stopped: whoever stopped it reads no more outcomes.
            }
            catch (Exception e)
            {
                // A defect in the loop itself: every item it still held ends as one error of its own, and
                // work in flight ends its own (an item it would run again ends at once). Nothing is dropped.
                List<Item> stranded;
                lock (_lock)
                {
                    _fault = e;
                    stranded = new List<Item>(_due);
                    _due.Clear();
                }
                foreach (Item item in stranded)
                {
                    End(item, Unexpected(item, e));
                }
            }
        }

        private async Task SleepAsync(TimeSpan wait, Task changed)
        {
            using (var sleep = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken))
            {
                Task delay = _clock.Delay(wait, sleep.Token);
                await Task.WhenAny(delay, changed).ConfigureAwait(false);
                sleep.Cancel();
                _cancellationToken.ThrowIfCancellationRequested();
            }
        }

        private async Task RunItemAsync(Item item)
        {
            Step<T> step;
            try
            {
                step = await item.Work(_cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                step = Step<T>.Done(Outcome<T>.Failed(new MpsException(ErrorIds.OperationStopped, MpsErrorKind.InvalidOperation, "The work for " + NameOf(item) + " was stopped."), item.Target));
            }
            catch (MpsException e)
            {
                step = Step<T>.Done(Outcome<T>.Failed(e, item.Target));
            }
            catch (Exception e)
            {
                // A defect of ours, not the user's: still one outcome for this item, and the batch goes on.
                step = Step<T>.Done(Unexpected(item, e));
            }
            finally
            {
                _slots.Release();
            }
            if (step.Outcome != null)
            {
                End(item, step.Outcome);
            }
            else
            {
                Again(item, step.Again);
            }
            _changed.Set();
        }

        private void Again(Item item, TimeSpan delay)
        {
            Exception? fault;
            lock (_lock)
            {
                fault = _fault;
                if (fault == null)
                {
                    item.Due = _clock.Elapsed + delay;
                    _due.Add(item);
                }
            }
            if (fault != null)
            {
                // The loop is gone: work that ends now cannot run again.
                End(item, Unexpected(item, fault));
            }
        }

        private static Outcome<T> Unexpected(Item item, Exception cause)
        {
            return Outcome<T>.Failed(
                new MpsException(ErrorIds.UnexpectedError, MpsErrorKind.InvalidOperation, "The work for " + NameOf(item) + " failed unexpectedly: " + cause.Message, cause),
                item.Target);
        }

        private static string NameOf(Item item)
        {
            // A task object shows as its id.
            return item.Target?.ToString() ?? "(none)";
        }

        private sealed class Item
        {
            public Item(object? target, WorkStep<T> work)
            {
                Target = target;
                Work = work;
            }

            public object? Target { get; }

            public WorkStep<T> Work { get; }

            /// <summary>Its place in the output order; -1 when outcomes go out as they end.</summary>
            public int Index { get; set; }

            public TimeSpan Due { get; set; }

            /// <summary>Order of arrival; breaks ties of Due.</summary>
            public long Sequence { get; set; }
        }

        private sealed class ItemOrder : IComparer<Item>
        {
            public static readonly ItemOrder Instance = new ItemOrder();

            public int Compare(Item? x, Item? y)
            {
                if (x == null || y == null)
                {
                    return x == null ? (y == null ? 0 : -1) : 1;
                }
                int byDue = x.Due.CompareTo(y.Due);
                return byDue != 0 ? byDue : x.Sequence.CompareTo(y.Sequence);
            }
        }
    }
}

using System.Runtime.CompilerServices;

namespace Aegis.Core.Signals;

/// <summary>
/// What the detectors keep of one conversation between messages, and nothing more: its two participants, their
/// declared ages, counters, the strongest weight seen of each category from each side, the positions of the
/// sextortion script's steps, the last few token ids (for a phrase split over two messages), and evidence only once
/// a rule has hit. About 150 bytes for a conversation without hits (bench/RESULTS.md), so text is kept only for
/// conversations that raise a signal. Participants beyond the first two are counted but not scored (group chats).
/// Not thread-safe: the caller serialises messages of one conversation.
/// </summary>
public sealed partial class ConversationState
{
    /// <summary>How many token ids are carried from one message to the next.</summary>
    internal const int TailLength = 4;

    /// <summary>The most evidence kept per conversation (the first ones: the script's start is what explains it).</summary>
    public const int MaxEvidence = 64;

    private CategoryWeights _weights;
    private Tail _tail;
    private List<SignalEvidence>? _evidence;

    /// <summary>The first participant (the first sender).</summary>
    public string? First { get; private set; }

    /// <summary>The second participant.</summary>
    public string? Second { get; private set; }

    /// <summary>How many messages were observed.</summary>
    public int Messages { get; private set; }

    /// <summary>When the first message was sent.</summary>
    public DateTimeOffset FirstAt { get; private set; }

    /// <summary>When the last message was sent.</summary>
    public DateTimeOffset LastAt { get; private set; }

    /// <summary>Whether the platform declared the accounts connected (as of the last message).</summary>
    public bool Connected { get; private set; }

    /// <summary>The strongest signal raised so far.</summary>
    public SignalKind Raised { get; internal set; }

    /// <summary>The evidence so far (empty until a rule hits).</summary>
    public IReadOnlyList<SignalEvidence> Evidence => (IReadOnlyList<SignalEvidence>?)_evidence ?? [];

    /// <summary>Whether anything a score reads changed since the last <see cref="TakeChanged"/>.</summary>
    private bool Changed { get; set; }

    /// <summary>The last message's id when its tail is carried.</summary>
    internal string? TailMessageId { get; private set; }

    private AgeBand FirstAge { get; set; }

    private AgeBand SecondAge { get; set; }

    private int FirstRequestAt { get; set; }

    private int SecondRequestAt { get; set; }

    private int FirstMediaAfterRequestAt { get; set; }

    private int SecondMediaAfterRequestAt { get; set; }

    private int FirstDemandAfterMediaAt { get; set; }

    private int SecondDemandAfterMediaAt { get; set; }

    private sbyte TailSlot { get; set; } = -1;

    private byte TailCount { get; set; }

    /// <summary>True when anything a score reads changed since the last call (so a message without hits skips scoring).</summary>
    internal bool TakeChanged()
    {
        var changed = Changed;
        Changed = false;
        return changed;
    }

    /// <summary>The participant's id (slot 0 or 1).</summary>
    internal string? Participant(int slot) => slot == 0 ? First : Second;

    /// <summary>The participant's declared age band.</summary>
    internal AgeBand Age(int slot) => slot == 0 ? FirstAge : SecondAge;

    /// <summary>The strongest weight of a category seen from a side, 0 to 1.</summary>
    internal double Weight(int slot, SignalCategory category) => _weights[(slot * SignalCategories.Count) + (int)category] / 100.0;

    /// <summary>Where the side's first picture request was (message ordinal, 0 for none).</summary>
    internal int RequestAt(int slot) => slot == 0 ? FirstRequestAt : SecondRequestAt;

    /// <summary>Where the other side first sent media after this side's request (0 for none).</summary>
    internal int MediaAfterRequestAt(int slot) => slot == 0 ? FirstMediaAfterRequestAt : SecondMediaAfterRequestAt;

    /// <summary>Where this side first threatened or demanded after that media (0 for none).</summary>
    internal int DemandAfterMediaAt(int slot) => slot == 0 ? FirstDemandAfterMediaAt : SecondDemandAfterMediaAt;

    /// <summary>Records a message's sender and declared facts; returns the sender's slot, or -1 for a third participant.</summary>
    internal int Observe(ConversationMessage message)
    {
        Messages++;
        if (Messages == 1)
        {
            FirstAt = message.SentAt;
        }

        LastAt = message.SentAt;
        Changed |= Connected != message.Connected;
        Connected = message.Connected;
        int slot;
        if (First is null || First == message.SenderId)
        {
            First = message.SenderId;
            slot = 0;
        }
        else if (Second is null || Second == message.SenderId)
        {
            Second = message.SenderId;
            slot = 1;
        }
        else
        {
            return -1;
        }

        if (message.RecipientId is not null && message.RecipientId != message.SenderId)
        {
            if (slot == 0 && Second is null)
            {
                Second = message.RecipientId;
            }
            else if (slot == 1 && First is null)
            {
                First = message.RecipientId;
            }
        }

        SetAge(slot, message.SenderAge);
        SetAge(1 - slot, message.RecipientAge);
        return slot;
    }

    /// <summary>A category seen from a side at the current message.</summary>
    internal void See(int slot, SignalCategory category, double weight)
    {
        var index = (slot * SignalCategories.Count) + (int)category;
        Changed = true;
        _weights[index] = Math.Max(_weights[index], (byte)Math.Clamp(Math.Round(weight * 100), 1, 100));
        if (category == SignalCategory.PictureRequest && RequestAt(slot) == 0)
        {
            SetRequest(slot, Messages);
        }

        if (category is SignalCategory.ThreatToShare or SignalCategory.PaymentDemand or SignalCategory.ImageLeverage
            && MediaAfterRequestAt(slot) != 0 && DemandAfterMediaAt(slot) == 0)
        {
            SetDemand(slot, Messages);
        }
    }

    /// <summary>Media sent by a side at the current message; true when it answered the other side's request.</summary>
    internal bool Media(int slot)
    {
        var other = 1 - slot;
        if (RequestAt(other) == 0 || MediaAfterRequestAt(other) != 0)
        {
            return false;
        }

        Changed = true;
        if (other == 0)
        {
            FirstMediaAfterRequestAt = Messages;
        }
        else
        {
            SecondMediaAfterRequestAt = Messages;
        }

        return true;
    }

    /// <summary>Adds evidence (up to <see cref="MaxEvidence"/>).</summary>
    internal void Add(SignalEvidence evidence)
    {
        _evidence ??= [];
        if (_evidence.Count < MaxEvidence)
        {
            _evidence.Add(evidence);
        }
    }

    /// <summary>The ids carried from the last message when it came from <paramref name="slot"/>; else empty.</summary>
    internal ReadOnlySpan<int> TailOf(int slot) =>
        TailSlot == slot ? ((ReadOnlySpan<int>)_tail)[..TailCount] : [];

    /// <summary>Keeps the last ids of a side's message (or none).</summary>
    internal void SetTail(int slot, ReadOnlySpan<int> ids, string? messageId)
    {
        var kept = ids.Length > TailLength ? ids[^TailLength..] : ids;
        kept.CopyTo(_tail);
        TailCount = (byte)kept.Length;
        TailSlot = (sbyte)(kept.IsEmpty ? -1 : slot);
        TailMessageId = kept.IsEmpty ? null : messageId;
    }

    private void SetAge(int slot, AgeBand age)
    {
        if (age == AgeBand.Unknown || age == Age(slot))
        {
            return;
        }

        Changed = true;
        if (slot == 0)
        {
            FirstAge = age;
        }
        else
        {
            SecondAge = age;
        }
    }

    private void SetRequest(int slot, int at)
    {
        if (slot == 0)
        {
            FirstRequestAt = at;
        }
        else
        {
            SecondRequestAt = at;
        }
    }

    private void SetDemand(int slot, int at)
    {
        if (slot == 0)
        {
            FirstDemandAfterMediaAt = at;
        }
        else
        {
            SecondDemandAfterMediaAt = at;
        }
    }

    /// <summary>The strongest weight (percent) of each category from each side.</summary>
    [InlineArray(2 * SignalCategories.Count)]
    private struct CategoryWeights
    {
        private byte _element;
    }

    /// <summary>The last token ids of the last message.</summary>
    [InlineArray(TailLength)]
    private struct Tail
    {
        private int _element;
    }
}

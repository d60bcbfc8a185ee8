namespace Aegis.Core.Signals;

/// <summary>What a pattern bank entry recognises in a message. Names in banks are snake_case (<see cref="SignalCategories"/>).</summary>
public enum SignalCategory : byte
{
    /// <summary>A threat to share intimate images ("I'll send them to your followers").</summary>
    ThreatToShare,

    /// <summary>A demand for money: gift cards, crypto, payment apps, an amount.</summary>
    PaymentDemand,

    /// <summary>A request for pictures or videos of the person.</summary>
    PictureRequest,

    /// <summary>A question about age ("how old are you").</summary>
    AgeQuestion,

    /// <summary>A statement of age ("I'm 13").</summary>
    AgeStatement,

    /// <summary>Moving to another app ("add me on snap").</summary>
    MovePlatform,

    /// <summary>Secrecy ("don't tell your parents", "delete this").</summary>
    Secrecy,

    /// <summary>Flattery ("you're so mature for your age").</summary>
    Flattery,

    /// <summary>Sexual talk.</summary>
    SexualTalk,

    /// <summary>A request to meet in person.</summary>
    MeetingRequest,

    /// <summary>A claim to already hold images of the person ("I have your pics").</summary>
    ImageLeverage,
}

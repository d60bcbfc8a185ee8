using Aegis.Core.Cases;

namespace Aegis.Core.Tests.Cases;

public sealed class ReviewReasonsTests
{
    private static readonly ReviewSignals None = default;

    [Fact]
    public void Each_origin_and_signal_gives_its_reason_and_several_are_listed_person_shown_first()
    {
        var all = new ReviewSignals(PersonShown: true, MinorClaimed: true, TrustedFlagger: true, UserReport: true, BankMatched: true);

        Assert.Empty(ReviewReasons.Of(CaseOrigin.Report, None));
        Assert.Equal([ReviewReason.PersonShown], ReviewReasons.Of(CaseOrigin.Report, None with { PersonShown = true }));
        Assert.Equal([ReviewReason.Minor], ReviewReasons.Of(CaseOrigin.Report, None with { MinorClaimed = true }));
        Assert.Equal([ReviewReason.TrustedFlagger], ReviewReasons.Of(CaseOrigin.Report, None with { TrustedFlagger = true }));
        Assert.Equal([ReviewReason.UserReport], ReviewReasons.Of(CaseOrigin.Report, None with { UserReport = true }));
        Assert.Equal([ReviewReason.BankMatch], ReviewReasons.Of(CaseOrigin.Report, None with { BankMatched = true }));
        Assert.Equal([ReviewReason.BankMatch], ReviewReasons.Of(CaseOrigin.GateHold, None));
        Assert.Equal([ReviewReason.SuspendedUploader], ReviewReasons.Of(CaseOrigin.SuspendedUploader, None));
        Assert.Equal([ReviewReason.CascadeHold], ReviewReasons.Of(CaseOrigin.CascadeHold, None));
        Assert.Equal(
            [ReviewReason.PersonShown, ReviewReason.Minor, ReviewReason.TrustedFlagger, ReviewReason.BankMatch, ReviewReason.CascadeHold, ReviewReason.UserReport],
            ReviewReasons.Of(CaseOrigin.CascadeHold, all));
    }

    [Fact]
    public void Reasons_have_wire_names_parsed_in_any_case()
    {
        Assert.Equal(
            "person-shown, minor, trusted-flagger, bank-match, suspended-uploader, cascade-hold, user-report", ReviewReasons.Names);
        Assert.All(ReviewReasons.All, r => Assert.Equal(r, ReviewReasons.Parse(ReviewReasons.Name(r).ToUpperInvariant())));
        Assert.Null(ReviewReasons.Parse("victim"));
    }
}

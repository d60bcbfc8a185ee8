using Aegis.CyberTip.Reports;

namespace Aegis.CyberTip.Tests.Reports;

public sealed class CyberTipReporterTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("reports")]
    [InlineData("reports@localhost")]
    [InlineData("Reports <reports@social.example>")]
    [InlineData("two@social.example, three@social.example")]
    public void A_missing_or_malformed_reporter_email_is_refused_naming_the_setting(string? email)
    {
        var error = Assert.Throws<ArgumentException>(() => new CyberTipReporter(email!));

        Assert.StartsWith("CyberTip:Reporter:Email is", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replacing_the_email_is_checked_too()
    {
        var error = Assert.Throws<ArgumentException>(() => Samples.Reporter with { Email = "" });

        Assert.Contains(CyberTipReporter.EmailSetting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_email_is_kept_without_surrounding_spaces()
    {
        Assert.Equal("cybertip@social.example", new CyberTipReporter(" cybertip@social.example ").Email);
    }
}

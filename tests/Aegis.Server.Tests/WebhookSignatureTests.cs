using Aegis.Server.Webhooks;

namespace Aegis.Server.Tests;

/// <summary>The webhook signature a platform checks: a known answer computed elsewhere, and every way to fail it.</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test";
    private const string Body = """{"type":"content.removed","content_id":"post-1"}""";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_764_000_000);

    /// <summary>The receiver's window for a signature's timestamp (a replay guard): the tests sign 4 minutes inside it and 6 outside.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void The_signature_is_hmac_sha256_of_the_timestamp_and_body_as_documented()
    {
        // Computed with Python: hmac.new(b'whsec_test', b'1764000000.' + body, hashlib.sha256).hexdigest()
        Assert.Equal("t=1764000000,v1=53d8b111e8895201e0f7b05c698abf2a8a9a220ad1be3f92fdcca7d693c428c4", WebhookSignature.Sign(Secret, At, Body));
    }

    [Fact]
    public void A_receiver_accepts_the_signature_within_its_tolerance()
    {
        var header = WebhookSignature.Sign(Secret, At, Body);

        Assert.True(WebhookSignature.Verify(Secret, header, Body, At.AddMinutes(4), Tolerance));
    }

    [Theory]
    [InlineData("another secret", Body, 0)]
    [InlineData(Secret, """{"type":"content.removed","content_id":"post-2"}""", 0)]
    [InlineData(Secret, Body, 6)]
    [InlineData(Secret, Body, -6)]
    public void A_wrong_secret_a_changed_body_or_an_old_or_future_timestamp_is_refused(string secret, string body, int minutesLater)
    {
        var header = WebhookSignature.Sign(Secret, At, Body);

        Assert.False(WebhookSignature.Verify(secret, header, body, At.AddMinutes(minutesLater), Tolerance));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=53d8b111e8895201e0f7b05c698abf2a8a9a220ad1be3f92fdcca7d693c428c4")]
    [InlineData("t=1764000000")]
    [InlineData("t=soon,v1=00")]
    [InlineData("t=1764000000,v1=53d8b111")]
    public void A_malformed_header_is_refused(string? header) =>
        Assert.False(WebhookSignature.Verify(Secret, header, Body, At, Tolerance));
}

using Aegis.Core.Users;

namespace Aegis.Core.Tests.Users;

public sealed class ViewingPreferencesTests
{
    private static readonly ViewingSettings Organisation = new(BlurSigma: 24, Grayscale: true, Mute: true, BreakMinutes: 50);

    [Fact]
    public void Each_preference_left_unset_is_the_organisations()
    {
        Assert.Equal(Organisation, ViewingPreferences.None.Over(Organisation));
        Assert.Equal(Organisation with { Grayscale = false, BreakMinutes = 20 }, new ViewingPreferences(Grayscale: false, BreakMinutes: 20).Over(Organisation));
        Assert.Equal(Organisation with { BlurSigma = 10 }, new ViewingPreferences(BlurSigma: 10).Over(Organisation));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(7.9)]
    [InlineData(40.1)]
    [InlineData(double.NaN)]
    public void A_blur_below_the_organisations_floor_or_above_its_ceiling_is_refused(double blur)
    {
        Assert.Contains("never shown unblurred", new ViewingPreferences(BlurSigma: blur).Validate(8, 40), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(481)]
    public void A_break_reminder_out_of_range_is_refused(int minutes)
    {
        Assert.NotNull(new ViewingPreferences(BreakMinutes: minutes).Validate(8, 40));
    }

    [Fact]
    public void Preferences_in_range_are_kept()
    {
        Assert.Null(new ViewingPreferences(8, false, false, 5).Validate(8, 40));
        Assert.Null(ViewingPreferences.None.Validate(8, 40));
    }
}

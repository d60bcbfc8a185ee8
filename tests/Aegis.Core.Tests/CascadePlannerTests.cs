using Aegis.Core.Cascade;
using static Aegis.Core.Cascade.CascadeKind;

namespace Aegis.Core.Tests;

public sealed class CascadePlannerTests
{
    private static readonly CascadeItem Root = new("video-1", "uploader", null);

    [Fact]
    public void The_founding_case_removes_the_item_every_reshare_and_the_copy_and_acts_on_the_accounts()
    {
        // Three reshares (one of them a reshare of a reshare) and a re-encoded copy by another account, itself reshared.
        var graph = new Dictionary<string, CascadeItem[]>
        {
            ["video-1"] = [new("share-1", "fan-1", "video-1"), new("share-2", "fan-2", "video-1")],
            ["share-2"] = [new("share-3", "fan-3", "share-2")],
            ["copy-1"] = [new("share-4", "fan-1", "copy-1")],
        };
        var copies = new[] { new CascadeCopy(new CascadeItem("copy-1", "other", null), 6) };

        var steps = CascadePlanner.Plan(Root, copies, id => graph.GetValueOrDefault(id, []));

        Assert.Equal(
            ["video-1", "copy-1", "share-1", "share-2", "share-4", "share-3"],
            steps.Where(s => s.Kind == RemoveContent).Select(s => s.Target));
        Assert.Equal(steps.Where(s => s.Kind == RemoveContent).Select(s => s.Target), steps.Where(s => s.Kind == Demonetize).Select(s => s.Target));
        Assert.Equal(["uploader"], steps.Where(s => s.Kind == SuspendAccount).Select(s => s.Target));
        Assert.Equal(["other", "fan-1", "fan-2", "fan-3"], steps.Where(s => s.Kind == ReviewAccount).Select(s => s.Target));
        Assert.Equal(["video-1"], steps.Where(s => s.Kind == BankHashes).Select(s => s.Target));
        Assert.Equal(steps.Count, steps.Select(s => (s.Kind, s.Target)).Distinct().Count());
    }

    [Fact]
    public void A_distant_copy_is_held_and_its_reshares_are_left_for_the_reviewer()
    {
        var copies = new[] { new CascadeCopy(new CascadeItem("far", "other", null), 25), new CascadeCopy(new CascadeItem("near", "uploader", null), 3) };
        var graph = new Dictionary<string, CascadeItem[]> { ["far"] = [new("far-share", "x", "far")] };

        var steps = CascadePlanner.Plan(Root, copies, id => graph.GetValueOrDefault(id, []));

        Assert.Contains(new CascadeStep(HoldContent, "far", "a copy of video-1 (distance 25): held for review"), steps);
        Assert.DoesNotContain(steps, s => s.Target == "far-share");
        Assert.Contains(steps, s => s.Kind == RemoveContent && s.Target == "near");
        Assert.DoesNotContain(steps, s => s.Kind == ReviewAccount && s.Target == "uploader");
    }

    [Fact]
    public void A_cycle_in_parent_ids_ends()
    {
        var graph = new Dictionary<string, CascadeItem[]>
        {
            ["video-1"] = [new("a", "u1", "video-1")],
            ["a"] = [new("video-1", "uploader", "a")],
        };

        var steps = CascadePlanner.Plan(Root, [], id => graph.GetValueOrDefault(id, []));

        Assert.Equal(["video-1", "a"], steps.Where(s => s.Kind == RemoveContent).Select(s => s.Target));
    }
}

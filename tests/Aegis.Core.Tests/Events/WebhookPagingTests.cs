using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Aegis.Core.Cases;
using Aegis.Core.Events;
using static Aegis.Core.Tests.Cases.Cases;

namespace Aegis.Core.Tests.Events;

public sealed class WebhookPagingTests
{
    /// <summary>How webhook payloads are written (as the storage's EventWriter writes them).</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The founding case's cascade (see CaseWorkflowCascadeTests): 12 item actions and 6 account actions.</summary>
    private static IReadOnlyList<DomainEvent> FoundingCascade()
    {
        var graph = new CascadeGraph(
            Item(status: Core.Reports.ContentStatus.Restricted),
            null,
            [
                new(Item("removed-copy", Core.Reports.ContentStatus.Removed, "other-2"), 2),
                new(Item("near-copy", Core.Reports.ContentStatus.Visible, "other"), 4),
                new(Item("far-copy", Core.Reports.ContentStatus.Visible, "stranger"), 25),
            ],
            new Dictionary<string, IReadOnlyList<ReshareState>>
            {
                [ContentId] = [new(Item("share-1", Core.Reports.ContentStatus.Visible, "fan-1"), ContentId), new(Item("share-2", Core.Reports.ContentStatus.Visible, Uploader), ContentId)],
                ["share-1"] = [new(Item("share-3", Core.Reports.ContentStatus.Restricted, "fan-2"), "share-1")],
            });
        var t = CaseWorkflow.Cascade(ConfirmedCase(), graph, Now, Rules);
        Assert.Null(t.Refusal);
        return t.Events;
    }

    private static readonly string[] FoundingActions =
    [
        "removed video-1", "demonetized video-1", "suspended uploader",
        "demonetized removed-copy", "review_requested other-2",
        "removed near-copy", "demonetized near-copy", "review_requested other",
        "held far-copy", "review_requested stranger",
        "removed share-1", "demonetized share-1", "review_requested fan-1",
        "removed share-2", "demonetized share-2",
        "removed share-3", "demonetized share-3", "review_requested fan-2",
    ];

    [Fact]
    public void A_cascade_is_told_in_one_page_of_every_action_in_order_instead_of_a_webhook_each()
    {
        var webhooks = WebhookPaging.Webhooks(FoundingCascade(), WebhookPagingOptions.Default);

        var page = Assert.IsType<CaseActions>(Assert.Single(webhooks));
        Assert.Equal((CaseId, 1, 1), (page.CaseId, page.Page, page.Pages));
        Assert.Equal(AsPages(FoundingActions, 500), Actions(page));
        Assert.Equal(12, page.Items.Count);
        Assert.Equal(6, page.Accounts.Count);
        Assert.Equal(new CaseItemAction(ContentId, CaseActionKind.Removed, "confirmed"), page.Items[0]);
        Assert.Equal(new CaseAccountAction(Uploader, CaseActionKind.Suspended, $"uploaded {ContentId}"), page.Accounts[0]);
    }

    [Theory]
    [InlineData(1, 18)]
    [InlineData(5, 4)]
    [InlineData(17, 2)]
    [InlineData(18, 1)]
    public void Pages_hold_at_most_the_setting_and_together_every_action_once_in_order(int perPage, int pages)
    {
        var webhooks = WebhookPaging.Webhooks(FoundingCascade(), new WebhookPagingOptions(ItemsPerEvent: perPage));

        var all = webhooks.Cast<CaseActions>().ToList();
        Assert.Equal(pages, all.Count);
        Assert.Equal(Enumerable.Range(1, pages), all.Select(p => p.Page));
        Assert.All(all, p => Assert.Equal((CaseId, pages), (p.CaseId, p.Pages)));
        Assert.All(all, p => Assert.InRange(p.Items.Count + p.Accounts.Count, 1, perPage));
        Assert.Equal(AsPages(FoundingActions, perPage), all.SelectMany(Actions));
    }

    [Fact]
    public void Per_item_events_when_the_platform_asks_for_them_and_no_pages()
    {
        var events = FoundingCascade();

        var webhooks = WebhookPaging.Webhooks(events, new WebhookPagingOptions(PerItemEvents: true));

        Assert.Equal(events.Where(e => e.WebhookType is not null), webhooks);
        Assert.DoesNotContain(webhooks, e => e is CaseActions);
        Assert.Equal(18, webhooks.Count);
    }

    [Fact]
    public void A_report_restricting_the_reported_item_alone_keeps_its_own_webhook()
    {
        var c = OpenCase();
        DomainEvent[] report = [new ContentRestricted(ContentId, CaseId, "a child may be harmed"), new CaseOpened(Platform, c, "a child may be harmed")];

        var webhooks = WebhookPaging.Webhooks(report, WebhookPagingOptions.Default);

        Assert.Equal(report, webhooks);
    }

    [Fact]
    public void A_step_restricting_several_items_of_a_case_is_paged_where_its_first_action_stood_and_other_events_keep_theirs()
    {
        // Given one step: a case opened, its item and two reshares restricted and demonetized, and another case's lone restriction
        var c = OpenCase();
        DomainEvent[] step =
        [
            new CaseOpened(Platform, c, "reported"),
            new ContentRestricted(ContentId, CaseId, "reported"),
            new ContentRestricted("share-1", CaseId, "a reshare of video-1"),
            new ContentDemonetized("share-1", CaseId, "a reshare of video-1"),
            new ContentRestricted("other-item", 99, "reported"),
            new ContentRestricted("share-2", CaseId, "a reshare of video-1"),
        ];

        var webhooks = WebhookPaging.Webhooks(step, new WebhookPagingOptions(ItemsPerEvent: 3));

        // Then the case's four actions are two pages, in the first action's place; the rest are as they were
        Assert.Equal(4, webhooks.Count);
        Assert.Same(step[0], webhooks[0]);
        var pages = webhooks.Skip(1).Take(2).Cast<CaseActions>().ToList();
        Assert.Equal(
            ["restricted video-1", "restricted share-1", "demonetized share-1", "restricted share-2"],
            pages.SelectMany(Actions));
        Assert.All(pages, p => Assert.Empty(p.Accounts));
        Assert.Same(step[4], webhooks[3]);
    }

    [Fact]
    public void A_cascade_on_a_lone_item_is_still_a_page()
    {
        // Given a cascade of an item with no uploader, reshares or copies: one item removed and demonetized
        var t = CaseWorkflow.Cascade(ConfirmedCase(), new CascadeGraph(Item(uploader: null), null, [], new Dictionary<string, IReadOnlyList<ReshareState>>()), Now, Rules);

        var webhooks = WebhookPaging.Webhooks(t.Events, WebhookPagingOptions.Default);

        var page = Assert.IsType<CaseActions>(Assert.Single(webhooks));
        Assert.Equal(["removed video-1", "demonetized video-1"], Actions(page));
    }

    [Fact]
    public void A_pages_payload_names_the_case_the_page_and_each_action_in_snake_case()
    {
        var page = new CaseActions(
            CaseId, 2, 3, [new CaseItemAction("post-1", CaseActionKind.Held, "a far copy")], [new CaseAccountAction("acct-1", CaseActionKind.ReviewRequested, "reshared it")]);

        var payload = JsonSerializer.SerializeToNode(page, page.GetType(), Json);

        Assert.Equal("case.actions", page.WebhookType);
        Assert.Null(page.AuditAction);
        Assert.True(
            JsonNode.DeepEquals(
                JsonNode.Parse("""
                    {
                      "case_id": 7, "page": 2, "pages": 3,
                      "items": [{ "content_id": "post-1", "action": "held", "reason": "a far copy" }],
                      "accounts": [{ "account_id": "acct-1", "action": "review_requested", "reason": "reshared it" }]
                    }
                    """),
                payload),
            payload!.ToJsonString());
    }

    [Fact]
    public void A_page_size_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookPaging.Webhooks(FoundingCascade(), new WebhookPagingOptions(ItemsPerEvent: 0)));

    /// <summary>A page as text: its items in order, then its accounts in order.</summary>
    private static IEnumerable<string> Actions(CaseActions page) =>
        page.Items.Select(i => $"{Snake(i.Action)} {i.ContentId}").Concat(page.Accounts.Select(a => $"{Snake(a.Action)} {a.AccountId}"));

    /// <summary>Actions in the order they happened, as pages of <paramref name="perPage"/> say them (each page's items, then its accounts).</summary>
    private static IEnumerable<string> AsPages(IEnumerable<string> actions, int perPage) =>
        actions.Chunk(perPage).SelectMany(chunk => chunk.Where(a => !IsAccount(a)).Concat(chunk.Where(IsAccount)));

    private static bool IsAccount(string action) => action.StartsWith("suspended ", StringComparison.Ordinal) || action.StartsWith("review_requested ", StringComparison.Ordinal);

    private static string Snake(CaseActionKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());
}

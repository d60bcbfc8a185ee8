using System.Net;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests;

public abstract partial class ServerTests
{
    [Fact]
    public async Task An_exact_copy_is_blocked_and_the_hashes_come_back()
    {
        var bank = await CreateBankAsync("exact");
        var picture = Images.Unrelated(71);
        var first = await UploadAsync(picture, NewName("post"));
        var entry = await AddEntryAsync(bank, "md5", (string)first["hashes"]!["md5"]!);

        var again = await UploadAsync(picture, NewName("post"));

        Assert.Equal("allow", (string)first["verdict"]!);
        Assert.Equal("block", (string)again["verdict"]!);
        Assert.Equal("image", (string)again["kind"]!);
        var match = Assert.Single(again["matches"]!.AsArray())!; // its own picture: no other test banked it
        Assert.Equal((entry, "md5", bank), ((long)match["entry_id"]!, (string)match["signal_type"]!, (string)match["bank"]!));
        Assert.Equal(64, ((string)again["hashes"]!["pdq"]!).Length);
        Assert.Equal(64, ((string)again["hashes"]!["sha256"]!).Length);
    }

    [Fact]
    public async Task A_near_duplicate_is_blocked_by_pdq_within_the_banks_threshold()
    {
        var bank = await CreateBankAsync("near");
        var original = await UploadAsync(Bridge, NewName("post"));
        await AddEntryAsync(bank, "pdq", (string)original["hashes"]!["pdq"]!);

        var near = await UploadAsync(Images.NearCopy(Support.Api.Image("bridge.jpg")), NewName("post"));

        Assert.Equal("block", (string)near["verdict"]!);
        var match = Assert.Single(near["matches"]!.AsArray(), m => (string)m!["bank"]! == bank)!;
        Assert.Equal("pdq", (string)match["signal_type"]!);
        Assert.InRange((int)match["distance"]!, 1, 31);
    }

    [Fact]
    public async Task A_negative_bank_cancels_a_perceptual_match_and_the_cancelled_match_is_reported()
    {
        var listed = await CreateBankAsync("listed");
        var benign = await CreateBankAsync("benign", new { kind = "negative" });
        // Its own picture: a negative entry would cancel other tests' matches on the shared server.
        var picture = Images.Unrelated(61);
        var pdq = (string)(await UploadAsync(picture, NewName("post")))["hashes"]!["pdq"]!;
        var entry = await AddEntryAsync(listed, "pdq", pdq);
        await AddEntryAsync(benign, "pdq", pdq);

        var result = await UploadAsync(Images.NearCopy(picture), NewName("post"));

        Assert.Equal("allow", (string)result["verdict"]!);
        Assert.Equal(entry, (long)Assert.Single(result["suppressed"]!.AsArray())!["entry_id"]!);
        var negative = Assert.Single(result["matches"]!.AsArray())!;
        Assert.Equal((true, benign), ((bool)negative["negative"]!, (string)negative["bank"]!));
    }

    [Fact]
    public async Task An_unrelated_image_is_allowed_and_hold_banks_hold()
    {
        var hold = await CreateBankAsync("hold", new { action = "hold" });
        var bytes = Images.Unrelated(7);
        var first = await UploadAsync(bytes, NewName("post"));
        await AddEntryAsync(hold, "sha256", (string)first["hashes"]!["sha256"]!);

        var unrelated = await UploadAsync(Images.Unrelated(8), NewName("post"));
        var held = await UploadAsync(bytes, NewName("post"));

        Assert.Equal("allow", (string)unrelated["verdict"]!);
        Assert.DoesNotContain(unrelated["matches"]!.AsArray(), m => (string)m!["bank"]! == hold);
        Assert.Equal("hold", (string)held["verdict"]!);
    }

    [Fact]
    public async Task A_video_is_hashed_by_vpdq_and_blocked_against_a_video_bank()
    {
        var bank = await CreateBankAsync("video");
        var video = await File.ReadAllBytesAsync(Support.Api.Chair);
        var first = await UploadAsync(video, NewName("clip"));
        await AddEntryAsync(bank, "vpdq", (string)first["hashes"]!["vpdq"]!);

        var again = await UploadAsync(video, NewName("clip"));

        var lookup = await (await Platform.PostJsonAsync("/v1/lookup", new { vpdq = (string)first["hashes"]!["vpdq"]! })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("video", 19), ((string)first["kind"]!, (int)first["hashes"]!["vpdq_frames"]!));
        Assert.Equal("block", (string)again["verdict"]!);
        var match = Assert.Single(again["matches"]!.AsArray(), m => (string)m!["bank"]! == bank)!;
        Assert.Equal(("vpdq", "reference", 100.0), ((string)match["signal_type"]!, (string)match["video"]!["rule"]!, (double)match["video"]!["query_percent"]!));
        Assert.Equal("block", (string)lookup["verdict"]!);
        Assert.Contains(lookup["matches"]!.AsArray(), m => (string)m!["bank"]! == bank && (string)m["signal_type"]! == "vpdq");
    }

    [Fact]
    public async Task Images_over_the_pixel_limit_and_videos_over_the_duration_limit_are_refused_with_the_limit_named()
    {
        await using var limited = await RunningServer.StartAsync(Fixture.Database.Options, o => (o.MaxImagePixels, o.MaxVideoSeconds) = (10_000, 5));
        using var client = limited.Client(Fixture.Platform);

        var image = await client.PostBytesAsync("/v1/media?content_id=" + NewName("huge"), Bridge);
        var video = await client.PostBytesAsync("/v1/media?content_id=" + NewName("long"), await File.ReadAllBytesAsync(Support.Api.Chair));
        var small = await client.PostJsonAsync("/v1/lookup", new { md5 = new string('c', 32) });

        var imageProblem = await image.JsonAsync(HttpStatusCode.RequestEntityTooLarge);
        var videoProblem = await video.JsonAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("10,000", (string)imageProblem["detail"]!);
        Assert.Contains("over the limit of 0:00:05", (string)videoProblem["detail"]!);
        Assert.DoesNotContain("aegis-upload", (string)videoProblem["detail"]!);
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    [Fact]
    public async Task A_hash_lookup_matches_without_bytes_and_records_the_item_when_given_an_id()
    {
        var bank = await CreateBankAsync("lookup");
        var pdq = (string)(await UploadAsync(Bridge, NewName("post")))["hashes"]!["pdq"]!;
        await AddEntryAsync(bank, "pdq", pdq);
        var id = NewName("ext");

        var result = await (await Platform.PostJsonAsync("/v1/lookup", new { content_id = id, uploader_id = "acct-9", pdq })).JsonAsync(HttpStatusCode.OK);
        var recorded = await (await Platform.GetAsync($"/v1/contents/{id}")).JsonAsync(HttpStatusCode.OK);
        var anonymous = await (await Platform.PostJsonAsync("/v1/lookup", new { pdq })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("block", "hashes", true), ((string)result["verdict"]!, (string)result["kind"]!, (bool)result["recorded"]!));
        Assert.Equal(("acct-9", "block", pdq), ((string)recorded["uploader_id"]!, (string)recorded["verdict"]!, (string)recorded["pdq"]!));
        Assert.False((bool)anonymous["recorded"]!);
    }

    [Fact]
    public async Task The_content_index_records_uploader_and_parent()
    {
        var original = NewName("post");
        var reshare = NewName("reshare");
        await UploadAsync(Bridge, original);
        await UploadAsync(Bridge, reshare, parent: original);

        var record = await (await Platform.GetAsync($"/v1/contents/{reshare}")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal((original, $"acct-{reshare}", "203.0.113.9"), ((string)record["parent_content_id"]!, (string)record["uploader_id"]!, (string)record["uploader_ip"]!));
        Assert.Equal(HttpStatusCode.NotFound, (await Platform.GetAsync($"/v1/contents/{NewName("none")}")).StatusCode);
    }

    [Fact]
    public async Task The_same_content_id_with_other_bytes_is_a_conflict_and_with_the_same_bytes_is_not_recorded_twice()
    {
        var id = NewName("post");
        var first = await UploadAsync(Bridge, id);
        var again = await UploadAsync(Bridge, id);
        var other = await Platform.PostBytesAsync($"/v1/media?content_id={id}", Images.Unrelated(3));

        Assert.True((bool)first["recorded"]!);
        Assert.False((bool)again["recorded"]!);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
    }

    [Fact]
    public async Task A_multipart_upload_works_like_a_raw_one()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Bridge), "file", "bridge.jpg" },
            { new StringContent(NewName("post")), "content_id" },
            { new StringContent("acct-form"), "uploader_id" },
        };

        var result = await (await Platform.PostAsync("/v1/media", form)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("image", true), ((string)result["kind"]!, (bool)result["recorded"]!));
    }
}

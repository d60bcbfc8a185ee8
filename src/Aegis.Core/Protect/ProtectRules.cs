using System.Globalization;
using Aegis.Core.Input;
using Aegis.Core.Reports;

namespace Aegis.Core.Protect;

/// <summary>
/// The rules of the protect page's submissions, as plain code: what a submission may hold, which hashes are kept (a PDQ
/// hash under the minimum quality matches flat, plain pictures and is refused, kindly; the file's digests still protect
/// exact copies), and what report the person's statement makes.
/// </summary>
public static class ProtectRules
{
    /// <summary>Said of a picture whose PDQ hash is refused for low quality.</summary>
    public const string PlainPictureNote =
        "This picture is mostly plain, so it cannot be recognised once it is changed. Exact copies of this file are still protected.";

    /// <summary>Said of a picture the browser could not open.</summary>
    public const string UndecodedNote =
        "Your browser could not open this picture, so only exact copies of this file can be found.";

    /// <summary>Said of a video none of whose frames could be used.</summary>
    public const string PlainVideoNote =
        "This video's frames are too plain to recognise once it is changed. Exact copies of this file are still protected.";

    /// <summary>The statement's name on the wire (<c>self_minor</c>, <c>guardian</c>, <c>self_adult</c>).</summary>
    public static string Name(ProtectStatement statement) => statement switch
    {
        ProtectStatement.SelfMinor => "self_minor",
        ProtectStatement.Guardian => "guardian",
        _ => "self_adult",
    };

    /// <summary>Reads a statement's name, or null.</summary>
    public static ProtectStatement? Parse(string? name) => name switch
    {
        "self_minor" => ProtectStatement.SelfMinor,
        "guardian" => ProtectStatement.Guardian,
        "self_adult" => ProtectStatement.SelfAdult,
        _ => null,
    };

    /// <summary>The statement in the person's words, as the report's text.</summary>
    public static string Words(ProtectStatement statement) => statement switch
    {
        ProtectStatement.SelfMinor => "This is me and I was under 18.",
        ProtectStatement.Guardian => "I am their parent or guardian.",
        _ => "This is me, an adult, and I did not agree to this being shared.",
    };

    /// <summary>
    /// The report a submission makes on what it found: from the person shown (or their parent or guardian, who speaks
    /// for them), so at the person shown's priority (critical), restricting at once; a minor's pictures are child sexual
    /// exploitation, an adult's intimate imagery shared without consent.
    /// </summary>
    public static ReportIntake Intake(ProtectStatement statement, string contentId) => new(
        [contentId],
        statement == ProtectStatement.SelfAdult ? ReportCategory.NonConsensualIntimateImagery : ReportCategory.ChildSexualExploitation,
        ReportSource.ProtectPage,
        ReporterIsSubject: statement != ProtectStatement.Guardian,
        SubjectWasMinor: statement != ProtectStatement.SelfAdult,
        ReporterId: null,
        Text: "Through the protect page: " + Words(statement));

    /// <summary>
    /// Checks a submission and plans it. Returns the refusal (a sentence naming the field) or the plan; a submission over
    /// a size limit is refused with <paramref name="tooLarge"/> set (the API's 413).
    /// </summary>
    public static ProtectPlan? Plan(IReadOnlyList<ProtectFile>? files, string? contact, ProtectLimits limits, out string? refusal, out bool tooLarge)
    {
        ArgumentNullException.ThrowIfNull(limits);
        tooLarge = false;
        refusal = null;
        if (files is null || files.Count == 0)
        {
            refusal = "files: pick at least one picture or video.";
            return null;
        }

        if (files.Count > limits.MaxFiles)
        {
            (tooLarge, refusal) = (true, Invariant($"files: at most {limits.MaxFiles} files at a time; this has {files.Count}. Send the rest separately."));
            return null;
        }

        if (contact is not null && (contact.Length > limits.MaxContactLength || FreeText.Validate("contact", contact) is not null))
        {
            refusal = Invariant($"contact: at most {limits.MaxContactLength} characters, no control characters.");
            return null;
        }

        var outcomes = new List<ProtectFileOutcome>(files.Count);
        var pdq = new List<string>();
        var md5 = new List<string>();
        var sha = new List<string>();
        var videos = new List<IReadOnlyList<ProtectHash>>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (file is null)
            {
                refusal = Invariant($"files[{i}]: missing.");
                return null;
            }

            if ((Hex($"files[{i}].md5", file.Md5, 32) ?? Hex($"files[{i}].sha256", file.Sha256, 64)) is { } bad)
            {
                refusal = bad;
                return null;
            }

            var hashes = file.Pdq ?? [];
            if (!file.IsVideo && hashes.Count > 1)
            {
                refusal = Invariant($"files[{i}].pdq: a picture has one PDQ hash; got {hashes.Count}.");
                return null;
            }

            if (file.IsVideo && hashes.Count > limits.MaxFramesPerVideo)
            {
                (tooLarge, refusal) = (true, Invariant($"files[{i}].pdq: at most {limits.MaxFramesPerVideo} frames of a video (one a second); got {hashes.Count}."));
                return null;
            }

            var kept = new List<ProtectHash>();
            int? lastSecond = null;
            for (var j = 0; j < hashes.Count; j++)
            {
                var h = hashes[j];
                var field = Invariant($"files[{i}].pdq[{j}]");
                if (h is null || Hex(field + ".hash", h.Hash, 64) is { } badHash)
                {
                    refusal = h is null ? field + ": missing." : Hex(field + ".hash", h.Hash, 64);
                    return null;
                }

                if (h.Quality is < 0 or > 100)
                {
                    refusal = Invariant($"{field}.quality: 0 to 100; got {h.Quality}.");
                    return null;
                }

                if (file.IsVideo != h.Second.HasValue || h.Second < 0 || h.Second <= lastSecond)
                {
                    refusal = file.IsVideo
                        ? Invariant($"{field}.second: each frame of a video gives its second, 0 or more, increasing.")
                        : Invariant($"{field}.second: only a video's frames have one.");
                    return null;
                }

                lastSecond = h.Second;
                if (h.Quality >= limits.MinQuality)
                {
                    kept.Add(h with { Hash = h.Hash.ToLowerInvariant() });
                }
            }

            md5.Add(file.Md5.ToLowerInvariant());
            sha.Add(file.Sha256.ToLowerInvariant());
            if (file.IsVideo)
            {
                if (kept.Count > 0)
                {
                    videos.Add(kept);
                }
            }
            else
            {
                pdq.AddRange(kept.Select(k => k.Hash));
            }

            var note = kept.Count > 0 ? null
                : file.IsVideo ? (hashes.Count == 0 ? UndecodedNote.Replace("picture", "video", StringComparison.Ordinal) : PlainVideoNote)
                : hashes.Count == 0 ? UndecodedNote
                : PlainPictureNote;
            outcomes.Add(new ProtectFileOutcome(i, note, kept.Count));
        }

        return new ProtectPlan(outcomes, Distinct(pdq), Distinct(md5), Distinct(sha), videos);
    }

    private static List<string> Distinct(List<string> values) => [.. values.Distinct(StringComparer.Ordinal)];

    private static string? Hex(string field, string? value, int length) =>
        value is not null && value.Length == length && value.All(char.IsAsciiHexDigit)
            ? null
            : Invariant($"{field}: {length} hexadecimal characters.");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

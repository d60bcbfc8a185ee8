using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Aegis.Server.Web;

/// <summary>
/// A console form's errors by field id, shown next to the field: <c>@Model.Errors.For("name")</c> writes
/// <c>&lt;p id="name-error" class="error"&gt;</c>, and the field points at it with
/// <c>aria-describedby="@Model.Errors.DescribedBy("name")"</c> and <c>aria-invalid="@Model.Errors.Invalid("name")"</c>.
/// </summary>
internal sealed class FormErrors
{
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IReadOnlyDictionary<string, string> All => _errors;

    public string? this[string field] => _errors.GetValueOrDefault(field);

    /// <summary>Keeps the first error of a field.</summary>
    public void Add(string field, string? message)
    {
        if (message is not null)
        {
            _errors.TryAdd(field, message);
        }
    }

    /// <summary>The ids that describe the field (its hint, its error), or null (the attribute is then left out).</summary>
    public string? DescribedBy(string field, string? hint = null)
    {
        var error = _errors.ContainsKey(field) ? field + "-error" : null;
        return (hint, error) switch
        {
            (null, null) => null,
            (null, _) => error,
            (_, null) => hint,
            _ => hint + " " + error,
        };
    }

    /// <summary>"true" when the field has an error, else null.</summary>
    public string? Invalid(string field) => _errors.ContainsKey(field) ? "true" : null;

    /// <summary>The field's error as a paragraph with id <c>{field}-error</c>, or nothing.</summary>
    public IHtmlContent For(string field) => _errors.TryGetValue(field, out var message)
        ? new HtmlString($"<p id=\"{HtmlEncoder.Default.Encode(field)}-error\" class=\"error\">{HtmlEncoder.Default.Encode(message)}</p>")
        : HtmlString.Empty;
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's answer to a body or query that does not fit its request model (flask-openapi3 validating with pydantic, before
/// the handler runs): 422 with pydantic's list of errors, <c>[{"type", "loc", "msg", "input", "ctx"?}]</c>, every field's
/// error at once. HMA's other refusals are its handlers' <c>{"message": …}</c> (<see cref="HmaException"/>).
/// </summary>
/// <remarks>
/// The fields are read as pydantic's lax mode reads them: a number may come as a string (<c>"0.5"</c>), a boolean as
/// <c>true</c>, <c>1</c>, <c>"yes"</c>, <c>"on"</c>, <c>"t"</c>…; pydantic's <c>url</c> (a link to its documentation, with
/// its version) is left out.
/// </remarks>
/// <param name="model">The model's name, for an input that is not an object at all.</param>
internal sealed class HmaValidation(string model)
{
    private readonly JsonArray _errors = [];

    /// <summary>The body as the model's object; null (and an error) when it is not a JSON object.</summary>
    public JsonObject? Object(JsonNode? body)
    {
        if (body is JsonObject obj)
        {
            return obj;
        }

        Add("model_type", [], $"Input should be a valid dictionary or instance of {model}", body, new JsonObject { ["class_name"] = model });
        return null;
    }

    /// <summary>The query parameters as the model's input: each name with its first value, as flask-openapi3 passes them.</summary>
    public static JsonObject Query(HttpRequest request)
    {
        var input = new JsonObject();
        foreach (var (name, values) in request.Query)
        {
            input[name] = values.Count > 0 ? values[0] : "";
        }

        return input;
    }

    /// <summary>A <c>str</c> field (<paramref name="required"/>) or an <c>Optional[str]</c> one.</summary>
    public string? String(JsonObject input, string field, bool required = false)
    {
        if (!input.TryGetPropertyValue(field, out var node))
        {
            if (required)
            {
                Add("missing", [field], "Field required", input);
            }

            return null;
        }

        switch (node)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return value.GetValue<string>();
            case null when !required:
                return null;
            default:
                Add("string_type", [field], "Input should be a valid string", node);
                return null;
        }
    }

    /// <summary>An <c>Optional[float]</c> field: a number, a number written as a string, or a boolean.</summary>
    public double? Float(JsonObject input, string field)
    {
        if (!input.TryGetPropertyValue(field, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.Number when value.TryGetValue<double>(out var number):
                    return number;
                case JsonValueKind.True or JsonValueKind.False:
                    return value.GetValue<bool>() ? 1.0 : 0.0;
                case JsonValueKind.String:
                    var text = value.GetValue<string>().Trim();
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                    {
                        return parsed;
                    }

                    Add("float_parsing", [field], "Input should be a valid number, unable to parse string as a number", node);
                    return null;
            }
        }

        Add("float_type", [field], "Input should be a valid number", node);
        return null;
    }

    /// <summary>A <c>bool</c> or <c>Optional[bool]</c> field, read as pydantic reads booleans.</summary>
    public bool? Bool(JsonObject input, string field)
    {
        if (!input.TryGetPropertyValue(field, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.True or JsonValueKind.False:
                    return value.GetValue<bool>();
                case JsonValueKind.Number when value.TryGetValue<double>(out var number) && number is 0 or 1:
                    return number == 1;
                case JsonValueKind.String when Truth(value.GetValue<string>()) is { } truth:
                    return truth;
                case JsonValueKind.String or JsonValueKind.Number:
                    Add("bool_parsing", [field], "Input should be a valid boolean, unable to interpret input", node);
                    return null;
            }
        }

        Add("bool_type", [field], "Input should be a valid boolean", node);
        return null;
    }

    /// <summary>Throws HMA's 422 with every error found, if any.</summary>
    /// <exception cref="HmaException">Some field did not fit.</exception>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new HmaException(StatusCodes.Status422UnprocessableEntity, $"The request does not fit {model}", body: _errors);
        }
    }

    /// <summary>pydantic's <c>str_as_bool</c>: these words, in any case.</summary>
    private static bool? Truth(string text) => text.ToLowerInvariant() switch
    {
        "1" or "on" or "t" or "true" or "y" or "yes" => true,
        "0" or "off" or "f" or "false" or "n" or "no" => false,
        _ => null,
    };

    private void Add(string type, string[] location, string message, JsonNode? input, JsonObject? context = null)
    {
        var error = new JsonObject
        {
            ["type"] = type,
            ["loc"] = new JsonArray([.. location.Select(l => (JsonNode)l)]),
            ["msg"] = message,
            ["input"] = input?.DeepClone(),
        };
        if (context is not null)
        {
            error["ctx"] = context;
        }

        _errors.Add(error);
    }
}

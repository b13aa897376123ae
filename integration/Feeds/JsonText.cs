using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace LifeWindow.Integration.Feeds;

/// <summary>
/// JSON that System.Text.Json parses but that no record may hold: a string or property name whose
/// escapes make a lone UTF-16 surrogate ("\ud800"; reading it throws), bytes that are not UTF-8 inside a
/// string (parsed from bytes, as a pull page or a file line is), and a property given twice (the last one
/// would silently win: a second idNumber files the record under another person). Checked before any
/// parser reads the record, so parsers only ever see sound text.
/// </summary>
public static class JsonText
{
    public const string NotText = "is not valid text: it holds a lone UTF-16 surrogate escape (e.g. \\ud800) or bytes that are not UTF-8";

    /// <summary>Duplicate property names are refused by System.Text.Json itself (.NET 10).</summary>
    public static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    /// <summary>Reads a JSON string, or returns false when it is not valid text.</summary>
    public static bool TryGetString(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString() ?? string.Empty;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }

    /// <summary>The element's JSON text; with U+FFFD for bytes that are not UTF-8 (where GetRawText would throw).</summary>
    public static string RawText(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        return System.Text.Encoding.UTF8.GetString(raw);
    }

    /// <summary>
    /// Checks a record (or any JSON value) for the flaws above, adding an error at the path of each;
    /// returns true when there is none.
    /// </summary>
    public static bool Check(JsonElement element, string path, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (!Utf8.IsValid(raw))
        {
            errors.Add(path, "is not valid UTF-8");
            return false;
        }

        // Most records hold no escape at all and no name twice: then the bytes are the text, and nothing more to look at.
        if (PlainlySound(element))
        {
            return true;
        }

        if (!Walk(element, path, errors))
        {
            return false;
        }

        try
        {
            using var strict = JsonDocument.Parse(raw.ToArray(), Strict);
            return true;
        }
        catch (JsonException)
        {
            // The option detects; finding where (for the error's path) takes a second look at this one record.
            errors.Add(FindDuplicate(element, path) ?? path, "is given more than once in one object (which one counts would be a guess)");
            return false;
        }
    }

    /// <summary>
    /// Checks an object's own members: every name sound and given once, and every value but that of
    /// <paramref name="leaveValueOf"/> (whose parts are judged one by one elsewhere, e.g. a batch's records).
    /// </summary>
    public static bool CheckMembers(JsonElement element, string path, string leaveValueOf, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var sound = true;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var property in element.EnumerateObject())
        {
            if (!TryGetName(property, out var name))
            {
                errors.Add(path, string.Create(CultureInfo.InvariantCulture, $"property #{index + 1}'s name {NotText}"));
                sound = false;
            }
            else if (!names.Add(name))
            {
                errors.Add(Child(path, name, index), "is given more than once in one object (which one counts would be a guess)");
                sound = false;
            }
            else if (name != leaveValueOf)
            {
                sound &= Check(property.Value, Child(path, name, index), errors);
            }

            index++;
        }

        return sound;
    }

    /// <summary>
    /// True when no property name holds an escape, every string's escapes stand for text, and no object gives a name
    /// twice (compared as raw bytes, exact without escapes in names). Allocates nothing: the common record takes this way,
    /// the rest the full walk and the strict parse that say where the flaw is.
    /// </summary>
    private static bool PlainlySound(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var index = 0;
                foreach (var property in element.EnumerateObject())
                {
                    var name = JsonMarshal.GetRawUtf8PropertyName(property);
                    if (name.Contains((byte)'\\') || index >= 64 || NamedBefore(element, name, index) || !PlainlySound(property.Value))
                    {
                        return false;
                    }

                    index++;
                }

                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!PlainlySound(item))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.String:
                return EscapesMakeText(JsonMarshal.GetRawUtf8Value(element));
            default:
                return true;
        }
    }

    /// <summary>
    /// Whether a string's escapes all stand for text: every <c>\u</c> high surrogate is followed at once by a
    /// <c>\u</c> low surrogate, and no low surrogate stands alone (what makes reading the string throw). Read from the
    /// raw bytes without allocating, so a value whose non-ASCII text was sent escaped (as System.Text.Json and many
    /// other writers do by default) keeps the fast way.
    /// </summary>
    private static bool EscapesMakeText(ReadOnlySpan<byte> raw)
    {
        var i = 0;
        while (raw[i..].IndexOf((byte)'\\') is var next && next >= 0 && i + next + 1 < raw.Length)
        {
            i += next;
            if (raw[i + 1] != (byte)'u')
            {
                i += 2;
                continue;
            }

            var unit = Hex4(raw, i + 2);
            if (unit < 0 || unit is >= 0xDC00 and <= 0xDFFF)
            {
                return false;
            }

            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (i + 12 > raw.Length || raw[i + 6] != (byte)'\\' || raw[i + 7] != (byte)'u' || Hex4(raw, i + 8) is not (>= 0xDC00 and <= 0xDFFF))
                {
                    return false;
                }

                i += 6;
            }

            i += 6;
        }

        return true;
    }

    /// <summary>The four hex digits at <paramref name="at"/> as a number, or -1.</summary>
    private static int Hex4(ReadOnlySpan<byte> raw, int at) =>
        at + 4 <= raw.Length && Utf8Parser.TryParse(raw.Slice(at, 4), out ushort value, out var used, 'x') && used == 4 ? value : -1;

    /// <summary>Whether one of the first <paramref name="count"/> properties of <paramref name="element"/> has the raw name <paramref name="name"/>.</summary>
    private static bool NamedBefore(JsonElement element, ReadOnlySpan<byte> name, int count)
    {
        var seen = 0;
        foreach (var property in element.EnumerateObject())
        {
            if (seen++ == count)
            {
                return false;
            }

            if (JsonMarshal.GetRawUtf8PropertyName(property).SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Walk(JsonElement element, string path, ValidationErrors errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var sound = true;
                var index = 0;
                foreach (var property in element.EnumerateObject())
                {
                    if (TryGetName(property, out var name))
                    {
                        sound &= Walk(property.Value, Child(path, name, index), errors);
                    }
                    else
                    {
                        errors.Add(path, string.Create(CultureInfo.InvariantCulture, $"property #{index + 1}'s name {NotText}"));
                        sound = false;
                    }

                    index++;
                }

                return sound;
            case JsonValueKind.Array:
                var allSound = true;
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    allSound &= Walk(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]"), errors);
                }

                return allSound;
            case JsonValueKind.String:
                // Only an escape can make a lone surrogate (the bytes are already known to be UTF-8).
                if (JsonMarshal.GetRawUtf8Value(element).Contains((byte)'\\') && !TryGetString(element, out _))
                {
                    errors.Add(path, NotText);
                    return false;
                }

                return true;
            default:
                return true;
        }
    }

    private static bool TryGetName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = string.Empty;
            return false;
        }
    }

    private static string? FindDuplicate(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var index = 0;
                foreach (var property in element.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                    {
                        return Child(path, property.Name, index);
                    }

                    if (FindDuplicate(property.Value, Child(path, property.Name, index)) is { } found)
                    {
                        return found;
                    }

                    index++;
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindDuplicate(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]")) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The path of a member: "data.employer"; a name that is not a plain field name (it could be a misplaced
    /// identifier, and errors are logged) is shown by its position instead: "data.#3".
    /// </summary>
    private static string Child(string path, string name, int index) =>
        Echo(name) is { } echo ? $"{path}.{echo}" : string.Create(CultureInfo.InvariantCulture, $"{path}.#{index + 1}");

    private static string? Echo(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') && name.Count(char.IsAsciiDigit) <= 4 ? name : null;
}

using System.Text.Json;

namespace Flash.MockServer.GraphQL;

/// <summary>
/// <see cref="JsonDocument"/> accepts strings holding invalid UTF-8 or a lone surrogate escape (<c>"\ud800"</c>) and
/// fails only when such a string is read. Reading every string and property name once, up front, makes that the
/// client's error (400, 4400) instead of an exception in the middle of serving the request.
/// </summary>
internal static class JsonStrings
{
    public static bool AreWellFormed(JsonElement element)
    {
        try
        {
            ReadAll(element);
            return true;
        }
        catch (InvalidOperationException)
        {
            // What JsonElement throws when a string does not transcode to UTF-16.
            return false;
        }
    }

    private static void ReadAll(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    ReadAll(item);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    ReadAll(property.Value);
                }
                break;
        }
    }
}

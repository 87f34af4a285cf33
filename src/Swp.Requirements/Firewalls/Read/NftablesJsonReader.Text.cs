using System.Text;
using Swp.Requirements.Json;

namespace Swp.Requirements.Firewalls.Read;

/// <content>A rule in nft's own words, for messages.</content>
internal static partial class NftablesJsonReader
{
    private sealed partial class Reader
    {
        /// <summary>The rule in nft's own words, e.g. <c>tcp dport 4118 ip saddr @swp_managers accept</c>.</summary>
        private static string Text(NftRule rule)
        {
            var text = new StringBuilder();
            foreach (JsonValue expression in rule.Expressions.Items)
            {
                if (text.Length > ReadLog.MaxTextLength)
                {
                    break;
                }

                if (text.Length > 0)
                {
                    text.Append(' ');
                }

                Render(expression, text);
            }

            return text.ToString();
        }

        private static string Render(JsonValue value)
        {
            var text = new StringBuilder();
            Render(value, text);
            return ReadLog.Shorten(text.ToString());
        }

        private static void Render(JsonValue value, StringBuilder text)
        {
            if (text.Length > ReadLog.MaxTextLength)
            {
                return;
            }

            switch (value)
            {
                case JsonString s:
                    text.Append(s.Value);
                    return;
                case JsonNumber n:
                    text.Append(n.Text);
                    return;
                case JsonArray a:
                    text.Append("{ ");
                    for (int i = 0; i < a.Items.Count && text.Length <= ReadLog.MaxTextLength; i++)
                    {
                        text.Append(i == 0 ? "" : ", ");
                        Render(a.Items[i], text);
                    }

                    text.Append(" }");
                    return;
                case JsonObject { Members.Count: 1 } o:
                    RenderObject(o.Members[0].Name, o.Members[0].Value, text);
                    return;
                default:
                    text.Append(value.Kind == JsonKind.Null ? "null" : value.TypeName);
                    return;
            }
        }

        private static void RenderObject(string kind, JsonValue inner, StringBuilder text)
        {
            JsonObject? obj = inner as JsonObject;
            switch (kind)
            {
                case "match" when obj is not null:
                    Render(JsonAccess.Member(obj, "left") ?? inner, text);
                    string op = (JsonAccess.Member(obj, "op") as JsonString)?.Value ?? "==";
                    text.Append(op is "==" or "in" ? " " : " " + op + " ");
                    Render(JsonAccess.Member(obj, "right") ?? inner, text);
                    return;
                case "payload" when obj is not null:
                    text.Append((JsonAccess.Member(obj, "protocol") as JsonString)?.Value ?? "payload").Append(' ')
                        .Append((JsonAccess.Member(obj, "field") as JsonString)?.Value ?? "");
                    return;
                case "meta" when obj is not null:
                    string key = (JsonAccess.Member(obj, "key") as JsonString)?.Value ?? "";
                    text.Append(key is "iifname" or "oifname" or "iif" or "oif" ? key : "meta " + key);
                    return;
                case "fib" when obj is not null:
                    text.Append("fib");
                    switch (JsonAccess.Member(obj, "flags"))
                    {
                        case JsonString flag:
                            text.Append(' ').Append(flag.Value);
                            break;
                        case JsonArray flags:
                            for (int i = 0; i < flags.Items.Count; i++)
                            {
                                text.Append(i == 0 ? " " : " . ");
                                Render(flags.Items[i], text);
                            }

                            break;
                    }

                    return;
                case "ct" when obj is not null:
                    text.Append("ct ").Append((JsonAccess.Member(obj, "key") as JsonString)?.Value ?? "");
                    return;
                case "prefix" when obj is not null:
                    Render(JsonAccess.Member(obj, "addr") ?? inner, text);
                    text.Append('/');
                    Render(JsonAccess.Member(obj, "len") ?? inner, text);
                    return;
                case "range" when inner is JsonArray { Items.Count: 2 } ends:
                    Render(ends.Items[0], text);
                    text.Append('-');
                    Render(ends.Items[1], text);
                    return;
                case "set":
                    Render(inner, text);
                    return;
                case "jump" or "goto" when obj is not null:
                    text.Append(kind).Append(' ');
                    Render(JsonAccess.Member(obj, "target") ?? inner, text);
                    return;
                case "vmap" when obj is not null:
                    Render(JsonAccess.Member(obj, "key") ?? inner, text);
                    text.Append(" vmap ");
                    Render(JsonAccess.Member(obj, "data") ?? inner, text);
                    return;
                case "elem" when obj is not null:
                    Render(JsonAccess.Member(obj, "val") ?? inner, text);
                    return;
                default:
                    text.Append(kind);
                    return;
            }
        }
    }
}

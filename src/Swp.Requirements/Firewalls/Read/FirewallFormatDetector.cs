using System;
using System.Collections.Generic;

namespace Swp.Requirements.Firewalls.Read;

/// <summary>
/// Tells which export a file is from its content, without parsing it fully (a truncated file
/// is still recognised, so its reader can say where it ends), by asking each format of
/// <see cref="FirewallReaders"/> what a sign means (<see cref="FirewallFormat.IsTextSign"/>,
/// <see cref="FirewallFormat.IsJsonNameSign"/>, <see cref="FirewallFormat.IsJsonValueSign"/>):
/// a text file by its first lines, a JSON file by the members of its objects, in the file's order.
/// </summary>
internal static class FirewallFormatDetector
{
    private const int MaxKeyLength = 64;

    /// <summary>The most characters of a line a text format is shown.</summary>
    public const int MaxSignLength = 200;

    /// <summary>The format of <paramref name="text"/>; null when it is none of them or unsure.</summary>
    public static FirewallFormat? Detect(string text)
    {
        int i = 0;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            i = 1;
        }

        while (i < text.Length && text[i] is ' ' or '\t' or '\r' or '\n')
        {
            i++;
        }

        if (i >= text.Length)
        {
            return null;
        }

        return text[i] == '{' ? DetectJson(text, i) : text[i] == '[' ? null : DetectText(text, i);
    }

    private static FirewallFormat? DetectText(string text, int start)
    {
        int lineStart = start;
        while (lineStart < text.Length)
        {
            int end = text.IndexOf('\n', lineStart);
            if (end < 0)
            {
                end = text.Length;
            }

            int s = lineStart;
            while (s < end && text[s] is ' ' or '\t')
            {
                s++;
            }

            int length = end - s;
            if (length > 0 && text[end - 1] == '\r')
            {
                length--;
            }

            lineStart = end + 1;
            if (length == 0)
            {
                continue;
            }

            // The first format the line is a sign of; read on while some format is not yet sure.
            string line = text.Substring(s, Math.Min(length, MaxSignLength));
            bool readOn = false;
            foreach (FirewallFormat format in FirewallReaders.All)
            {
                bool? sign = format.IsTextSign(line);
                if (sign == true)
                {
                    return format;
                }

                readOn |= sign is null;
            }

            if (!readOn)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>One open container while scanning: an object (with the key being read) or an array.</summary>
    private struct Frame
    {
        public bool IsObject;
        public bool ExpectKey;
        public string? Key;
    }

    private static FirewallFormat? DetectJson(string text, int start)
    {
        var stack = new List<Frame>();
        int i = start;
        while (i < text.Length)
        {
            char c = text[i];
            switch (c)
            {
                case '{':
                    stack.Add(new Frame { IsObject = true, ExpectKey = true });
                    i++;
                    continue;
                case '[':
                    stack.Add(new Frame { IsObject = false });
                    i++;
                    continue;
                case '}' or ']':
                    if (stack.Count > 0)
                    {
                        stack.RemoveAt(stack.Count - 1);
                    }

                    if (stack.Count == 0)
                    {
                        return null; // the top-level object ended without a sign
                    }

                    i++;
                    continue;
                case ':':
                    SetExpectKey(stack, false);
                    i++;
                    continue;
                case ',':
                    SetExpectKey(stack, true);
                    i++;
                    continue;
                case '"':
                    int end = i + 1;
                    while (end < text.Length && text[end] != '"')
                    {
                        end += text[end] == '\\' ? 2 : 1;
                    }

                    string? value = end - i - 1 <= MaxKeyLength && end <= text.Length ? text.Substring(i + 1, Math.Min(end, text.Length) - i - 1) : null;
                    FirewallFormat? found = value is null ? null : Sign(stack, value);
                    if (found is not null)
                    {
                        return found;
                    }

                    i = end + 1;
                    continue;
                default:
                    i++;
                    continue;
            }
        }

        return null;
    }

    private static void SetExpectKey(List<Frame> stack, bool expectKey)
    {
        if (stack.Count > 0 && stack[stack.Count - 1].IsObject)
        {
            Frame top = stack[stack.Count - 1];
            top.ExpectKey = expectKey;
            stack[stack.Count - 1] = top;
        }
    }

    /// <summary>What a string says about the format, given where it stands.</summary>
    private static FirewallFormat? Sign(List<Frame> stack, string value)
    {
        int depth = stack.Count;
        if (depth == 0 || !stack[depth - 1].IsObject)
        {
            return null;
        }

        Frame top = stack[depth - 1];
        if (top.ExpectKey)
        {
            top.Key = value;
            stack[depth - 1] = top;
            string? outerName = depth >= 2 ? stack[depth - 2].Key : null;
            foreach (FirewallFormat format in FirewallReaders.All)
            {
                if (format.IsJsonNameSign(depth, outerName, value))
                {
                    return format;
                }
            }

            return null;
        }

        foreach (FirewallFormat format in FirewallReaders.All)
        {
            if (format.IsJsonValueSign(depth, top.Key, value))
            {
                return format;
            }
        }

        return null;
    }
}

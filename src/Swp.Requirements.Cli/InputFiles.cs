using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace Swp.Requirements.Cli;

/// <summary>
/// The one way the tool reads an input file (a firewall export, a deployment file, a spec): as
/// UTF-8 text, in bounded time and memory. <c>-</c> is standard input. A regular file or a pipe is
/// read up to a size limit (<see cref="LimitVariable"/>, default <see cref="DefaultLimitMiB"/> MiB);
/// a device (which has no size but yields data, such as <c>/dev/zero</c>), a folder, a file over the
/// limit, and text that holds a NUL byte or is not UTF-8 are refused with one message that says why.
/// </summary>
internal static class InputFiles
{
    /// <summary>The default size limit, in MiB.</summary>
    public const int DefaultLimitMiB = 64;

    /// <summary>The environment variable that sets the size limit, in MiB (an integer from 1 to 1024).</summary>
    public const string LimitVariable = "SWP_MAX_INPUT_MIB";

    private const int Chunk = 1 << 16;

    /// <summary>Standard input, as the tool opens it; tests replace it for one call of <see cref="SwpPorts.Run(string[], TextWriter, TextWriter, Stream?)"/>.</summary>
    [ThreadStatic]
    private static Stream? t_standardInput;

    /// <summary>The size limit in bytes.</summary>
    public static long Limit =>
        long.TryParse(Environment.GetEnvironmentVariable(LimitVariable), NumberStyles.None, CultureInfo.InvariantCulture, out long mib) && mib > 0 && mib <= 1024
            ? mib << 20
            : (long)DefaultLimitMiB << 20;

    /// <summary>Uses <paramref name="input"/> as standard input until the returned scope is disposed.</summary>
    public static IDisposable UseStandardInput(Stream? input)
    {
        Stream? previous = t_standardInput;
        t_standardInput = input;
        return new Scope(() => t_standardInput = previous);
    }

    /// <summary>True for the name of standard input.</summary>
    public static bool IsStandardInput(string typed) => typed == "-";

    /// <summary>
    /// Reads a whole input as text. Returns null and sets <paramref name="why"/> (a clause such as
    /// "it is a folder, not a file") when it cannot be read or is refused.
    /// </summary>
    /// <param name="typed">The path as the user typed it; <c>-</c> for standard input.</param>
    /// <param name="why">Why it was not read; empty when it was.</param>
    public static string? TryRead(string typed, out string why)
    {
        why = "";
        Stream stream;
        bool device = false;
        try
        {
            if (IsStandardInput(typed))
            {
                stream = t_standardInput ?? Console.OpenStandardInput();
            }
            else if (Directory.Exists(typed))
            {
                why = "it is a folder, not a file";
                return null;
            }
            else
            {
                stream = new FileStream(typed, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
                if (stream.CanSeek && stream.Length > Limit)
                {
                    long length = stream.Length;
                    stream.Dispose();
                    why = string.Create(CultureInfo.InvariantCulture, $"it is {length:N0} bytes, over the limit of {Limit:N0} ({LimitVariable}={Limit >> 20} MiB; set it higher to read it)");
                    return null;
                }

                // A regular file has the size it yields; a device has none and yields data without end.
                device = stream.CanSeek && stream.Length == 0;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            return null;
        }

        using (stream)
        {
            return TryRead(stream, device, out why);
        }
    }

    private static string? TryRead(Stream stream, bool device, out string why)
    {
        why = "";
        long limit = Limit;
        using var bytes = new MemoryStream();
        byte[] buffer = new byte[Chunk];
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (device)
                {
                    why = "it is not a regular file: it has no size but yields data (a device); give a file, a pipe or - for standard input";
                    return null;
                }

                int nul = Array.IndexOf(buffer, (byte)0, 0, read);
                if (nul >= 0)
                {
                    why = string.Create(CultureInfo.InvariantCulture, $"it is not text: byte {bytes.Length + nul:N0} is NUL (a binary file?)");
                    return null;
                }

                if (bytes.Length + read > limit)
                {
                    why = string.Create(CultureInfo.InvariantCulture, $"it is over the limit of {limit:N0} bytes ({LimitVariable}={limit >> 20} MiB; set it higher to read it)");
                    return null;
                }

                bytes.Write(buffer, 0, read);
            }
        }
        catch (IOException e)
        {
            why = e.Message;
            return null;
        }

        try
        {
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            string text = utf8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException e)
        {
            why = string.Create(CultureInfo.InvariantCulture, $"it is not UTF-8 text (byte {e.Index:N0} cannot be decoded)");
            return null;
        }
    }

    private sealed class Scope(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

using System;
using System.IO;
using System.Text;
using Swp.Requirements.Cli.Commands;

namespace Swp.Requirements.Cli;

/// <summary>
/// The one way the tool writes an output file (<c>-o</c>): whole or not at all, and never by
/// replacing what the path is. A symbolic link is followed to the file it names (the link stays);
/// a file with content is replaced by a new one written beside it and moved over it, with the old
/// file's permissions; an empty file, a device (<c>/dev/null</c>, <c>/dev/full</c>) or a pipe is
/// written in place, and an empty file is emptied again when the write fails. (A replaced file
/// gets the writing user as its owner.)
/// </summary>
internal static class OutputFiles
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> as UTF-8 without BOM; null when written, else why not (naming the path, never a temporary file).</summary>
    public static string? TryWrite(string path, string text)
    {
        string target = path;
        try
        {
            // A link is followed: the file it names is written, the link itself is left as it is.
            if (new FileInfo(path).LinkTarget is not null && File.ResolveLinkTarget(path, returnFinalTarget: true) is { } final)
            {
                target = final.FullName;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CommonOptions.WhyNot(path, e, writing: true);
        }

        byte[] bytes = new UTF8Encoding(false).GetBytes(text);
        var existing = new FileInfo(target);

        // Devices and pipes have no length (nor has an empty file): they are written in place, so
        // a device stays a device; a regular file with content is replaced whole.
        return existing.Exists && existing.Length == 0 ? WriteInPlace(path, target, bytes) : Replace(path, target, existing.Exists ? existing : null, bytes);
    }

    private static string? WriteInPlace(string path, string target, byte[] bytes)
    {
        try
        {
            using var stream = new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            try
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: false);
            }
            catch (IOException)
            {
                if (stream.CanSeek)
                {
                    stream.SetLength(0); // it was empty: nothing half-written is left
                }

                throw;
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CommonOptions.WhyNot(path, e, writing: true);
        }
    }

    private static string? Replace(string path, string target, FileInfo? existing, byte[] bytes)
    {
        string temp = target + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            File.WriteAllBytes(temp, bytes);
            if (existing is not null && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(target));
            }

            File.Move(temp, target, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // the temporary file could not be removed either; the error below is the one that matters
            }

            // The reason names the path typed, never the temporary file beside it.
            return CommonOptions.WhyNot(path, e, writing: true).Replace(temp, path, StringComparison.Ordinal).Replace(target, path, StringComparison.Ordinal);
        }
    }
}

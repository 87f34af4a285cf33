using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace Swp.Requirements.Cli.Tests;

/// <summary>
/// <c>render -o PATH</c> writes whole or not at all, and never replaces what the path is (a new
/// user's <c>-o /dev/null</c> left a regular file where the device was): a link is followed, a
/// file keeps its permissions, a pipe and a device are written in place, a full device is an error.
/// Devices are private nodes made in a temporary folder (only as root), never the machine's own.
/// </summary>
public sealed class OutputFileTests : IDisposable
{
    private static readonly string[] Render = ["render", "--for", "agent", "--format", "iptables", "-o"];


    private readonly TempFolder _temp = new("swp-output-");

    public void Dispose() => _temp.Dispose();

    private static (int Exit, string Output, string Error) RenderTo(string path) => Tool.Run([.. Render, path]);

    /// <summary>What the same render writes to standard output: what every written file must hold.</summary>
    private static readonly Lazy<string> s_expected = new(() =>
    {
        string text = Tool.Run([.. Render[..^1]]).Output;
        Assert.Contains("-j ACCEPT", text, StringComparison.Ordinal);
        return text;
    });

    private static string FileType(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%F", path]) { RedirectStandardOutput = true })!;
        string type = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return type;
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args))!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void A_link_is_followed_and_stays_a_link()
    {
        string real = _temp.Write("real.rules", "old\n");
        string link = Path.Combine(_temp.Path, "link.rules");
        File.CreateSymbolicLink(link, real);

        var (exit, _, error) = RenderTo(link);

        Assert.True(exit == 0, error);
        Assert.Equal(real, new FileInfo(link).LinkTarget);
        Assert.Equal(s_expected.Value, File.ReadAllText(real));
    }

    [Fact]
    public void A_replaced_file_keeps_its_permissions()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string file = _temp.Write("host.rules", "old\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var (exit, _, error) = RenderTo(file);

        Assert.True(exit == 0, error);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(s_expected.Value, File.ReadAllText(file));
        Assert.Single(Directory.GetFiles(_temp.Path)); // no temporary file left beside it
    }

    [Fact]
    public async Task A_pipe_is_written_into_and_stays_a_pipe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string pipe = Path.Combine(_temp.Path, "pipe");
        Run("mkfifo", pipe);
        Task<string> reader = Task.Run(() => File.ReadAllText(pipe));

        var (exit, _, error) = RenderTo(pipe);

        Assert.True(exit == 0, error);
        Assert.Equal(s_expected.Value, await reader.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("fifo", FileType(pipe));
    }

    [Fact]
    public void A_device_stays_a_device_and_a_full_one_is_an_error()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return; // making a device node needs root; the machine's own devices are never used
        }

        string nullDevice = Path.Combine(_temp.Path, "null");
        string fullDevice = Path.Combine(_temp.Path, "full");
        Run("mknod", nullDevice, "c", "1", "3");
        Run("mknod", fullDevice, "c", "1", "7");

        var (exit, _, error) = RenderTo(nullDevice);
        Assert.True(exit == 0, error);
        Assert.Equal("character special file", FileType(nullDevice));

        (exit, _, error) = RenderTo(fullDevice);
        Assert.Equal(2, exit);
        Assert.Contains($"error: cannot write '{fullDevice}': No space left on device", error, StringComparison.Ordinal);
        Assert.Equal("character special file", FileType(fullDevice));
    }
}

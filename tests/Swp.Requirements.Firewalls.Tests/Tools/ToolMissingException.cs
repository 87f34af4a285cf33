using System;

namespace Swp.Requirements.Firewalls.Tests.Tools;

/// <summary>
/// A checker that the tests need is not on this machine, and CI=true says it must be: the
/// message names the tool and the command that installs it. Outside CI the same case is a
/// skip (<see cref="Xunit.SkipException"/>), so a developer without the tool still gets a green run.
/// </summary>
public sealed class ToolMissingException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public ToolMissingException(string message) : base(message) { }

    /// <summary>Creates the exception with its message and cause.</summary>
    public ToolMissingException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a default message.</summary>
    public ToolMissingException() : base("An external tool that the tests need is missing.") { }
}

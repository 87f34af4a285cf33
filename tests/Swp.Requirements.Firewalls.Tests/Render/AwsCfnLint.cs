using System;
using System.Collections.Generic;
using System.IO;
using Swp.Requirements.Firewalls.Tests.Tools;

namespace Swp.Requirements.Firewalls.Tests.Render;

/// <summary>
/// AWS's own cfn-lint (Python, aws-cloudformation/cfn-lint, current resource specification), where
/// it is installed: a second opinion beside the npm cfn-lint of <see cref="ExternalTools.CfnLint"/>,
/// whose specification is from 2019. .ci/install-tools does not install it (PyPI), so where it is
/// missing this check is left out rather than skipped.
/// </summary>
public static class AwsCfnLint
{
    /// <summary>
    /// Runs <c>cfn-lint -- FILE...</c> once for all the templates (it takes seconds to start) and
    /// fails the test on any finding (exit code other than 0); does nothing where it is not installed.
    /// </summary>
    public static void CheckIfInstalled(params string[] templatesJson)
    {
        string? cfnLint = ExternalTools.Find("cfn-lint");
        if (cfnLint is null || templatesJson.Length == 0)
        {
            return;
        }

        string folder = Path.Combine(Path.GetTempPath(), "swp-cfn-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var files = new List<string>();
            for (int i = 0; i < templatesJson.Length; i++)
            {
                string file = Path.Combine(folder, $"template-{i}.json");
                File.WriteAllText(file, templatesJson[i], new System.Text.UTF8Encoding(false));
                files.Add(file);
            }

            ProcessOutput run = ProcessRunner.Run(cfnLint, ["--", .. files], ExternalTools.Timeout);
            if (run.ExitCode != 0)
            {
                Assert.Fail($"cfn-lint (AWS, Python) rejected a template (exit {run.ExitCode}):\n{run.StdOut}\n{run.StdErr}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

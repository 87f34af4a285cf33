using Swp.Requirements.Cli;

return SwpPorts.Run(args);

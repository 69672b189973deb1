import SBDPlatform

System.exit(SBDTool.run(Array(CommandLine.arguments.dropFirst())))

import ProcessArguments
import SBDPlatform

System.exit(SBDTool.run(ProcessArguments.afterProgramName))

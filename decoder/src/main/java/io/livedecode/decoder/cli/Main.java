package io.livedecode.decoder.cli;

import io.livedecode.decoder.provenance.BuildVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code livedecode} command line: {@code demo}, {@code serve}, {@code replay} and the
 * measurement commands. Run {@code ./livedecode --help}, or {@code ./livedecode COMMAND --help}.
 */
@Command(name = "livedecode", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Decodes grating orientation from neural population responses streamed through Kafka.",
        subcommands = {DemoCommand.class, ServeCommand.class, ReplayCommand.class, CalibrateCommand.class,
                AccuracyCommand.class, SpeedCommand.class, LatencyCommand.class, SoakCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    /** {@code --version}: the build version the decoded records carry. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"livedecode " + BuildVersion.current()};
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured parser; tests run commands through the same object. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("livedecode " + cmd.getCommandName() + ": " + e.getMessage());
            if (System.getenv("LIVEDECODE_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli;
    }
}

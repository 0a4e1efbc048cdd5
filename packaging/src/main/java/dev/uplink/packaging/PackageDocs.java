package dev.uplink.packaging;

import dev.uplink.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the generated parts of the Debian package (packaging/build-deb.sh calls it):
 * {@code man1/*.1} and the bash and zsh completion scripts, all from the one command tree.
 */
public final class PackageDocs {
    /** Where the package installs the bash script (bash-completion loads it by command name). */
    static final String BASH_COMPLETION = "/usr/share/bash-completion/completions/uplink";

    private PackageDocs() {}

    /** Arguments: output directory, version, date (YYYY-MM-DD). */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: PackageDocs OUTPUT-DIR VERSION YYYY-MM-DD");
            System.exit(2);
        }
        write(Path.of(args[0]), args[1], args[2]);
    }

    static void write(Path out, String version, String date) throws IOException {
        CommandLine root = Main.newCommandLine();
        // Synopses are printed as picocli wraps them (no-fill): wrap them for an 80-column terminal.
        root.setUsageHelpWidth(80);
        Path man1 = Files.createDirectories(out.resolve("man1"));
        for (Map.Entry<String, String> page :
                new ManPages(version, date).all(root).entrySet()) {
            Files.writeString(man1.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
        }
        Path completion = Files.createDirectories(out.resolve("completion"));
        String bash = bashCompletion(root);
        Files.writeString(completion.resolve("uplink.bash"), bash, StandardCharsets.UTF_8);
        Files.writeString(completion.resolve("_uplink"), zshCompletion(BASH_COMPLETION), StandardCharsets.UTF_8);
    }

    /**
     * picocli's script, without its "#!" line: bash-completion sources the file (a completion
     * script is not run), so the line would only mislead.
     */
    static String bashCompletion(CommandLine root) {
        String script = AutoComplete.bash(root.getCommandName(), root);
        if (script.startsWith("#!")) {
            script = script.substring(script.indexOf('\n') + 1);
        }
        return script;
    }

    /**
     * zsh completes through its bash emulation (bashcompinit), the way picocli documents. The file
     * is autoloaded as the function {@code _uplink}: its first run loads the bash script the
     * package installs; every run hands the words to it.
     */
    static String zshCompletion(String bashScriptPath) {
        return "#compdef uplink\n"
                + "# zsh completion for uplink: picocli's bash completion run through zsh's bashcompinit.\n"
                + "if (( ! $+functions[_complete_uplink] )); then\n"
                + "  autoload -U +X bashcompinit && bashcompinit\n"
                + "  source " + bashScriptPath + "\n"
                + "fi\n"
                + "_bash_complete -F _complete_uplink \"$@\"\n";
    }
}

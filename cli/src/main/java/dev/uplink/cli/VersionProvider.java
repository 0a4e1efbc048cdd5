package dev.uplink.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest so it is written in one place (the POM). */
public class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"uplink " + (v == null ? "dev" : v)};
    }
}

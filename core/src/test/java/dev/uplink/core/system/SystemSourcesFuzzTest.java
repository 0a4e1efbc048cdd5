package dev.uplink.core.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uplink.core.InvalidInputException;
import java.util.ArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Damaged input never crashes a reader: the Linux file readers accept any text (what they cannot
 * use becomes a note), and the Windows binary value is either decoded or refused with a message
 * naming it. Replay a failure with the seed from jqwik's report: {@code @Property(seed = "...")}.
 */
class SystemSourcesFuzzTest {

    @Provide
    Arbitrary<String> settingsText() {
        return Arbitraries.strings()
                .withChars("[]=\"'\\{};:/#.-_ \n\tabcxyzHTPSRO0123456789%@$`")
                .ofMaxLength(300);
    }

    @Provide
    Arbitrary<byte[]> blobs() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
    }

    @Property(tries = 500)
    void linuxReadersAcceptAnyText(@ForAll("settingsText") String text) {
        for (EnvAssignments.Dialect d : EnvAssignments.Dialect.values()) {
            EnvAssignments.parse(text, d);
        }
        KeyFile f = KeyFile.parse(text);
        DesktopProxy.networkManager(f, "nm");
        DesktopProxy.gnome(f, "dconf");
        DesktopProxy.kde(f, "kde");
        AptProxy.parse(AptProxy.assignments(text), "apt");
        SystemdUnitEnvironment.serviceSettings(text);
        SystemdUnitEnvironment.words(text, "unit", new ArrayList<>());
        CapturedText.scutil(text, "scutil");
        EnvProxySource.from(
                SourceKind.SENSOR_UNIT,
                "unit",
                EnvAssignments.parse(text, EnvAssignments.Dialect.PAM_ENV).values(),
                new ArrayList<>());
    }

    @Property(tries = 1000)
    void binaryValuesAreDecodedOrRefusedByName(@ForAll("blobs") byte[] bytes) {
        try {
            ConnectionSettingsBlob b = ConnectionSettingsBlob.decode(bytes, "WinHttpSettings");
            WindowsExport.fromBlob(SourceKind.WINHTTP, "x", b);
        } catch (InvalidInputException e) {
            assertTrue(e.getMessage().startsWith("WinHttpSettings: "), e.getMessage());
        }
    }
}

package dev.uplink.core.system;

import dev.uplink.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * An XML property list (a {@code .plist} or an unsigned {@code .mobileconfig}) as maps, lists and
 * strings. The DOCTYPE that every plist names is never fetched and no entity is expanded: a file
 * cannot make uplink reach the network or read another file.
 */
final class PlistXml {

    private PlistXml() {}

    static Object parse(byte[] bytes, String file) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Element root = b.parse(new ByteArrayInputStream(bytes)).getDocumentElement();
            if (!root.getTagName().equals("plist")) {
                throw new InvalidInputException(file + ": the XML root is <" + root.getTagName()
                        + ">: expected <plist> (a property list or configuration profile)");
            }
            Element first = firstElement(root);
            return first == null ? Map.of() : value(first, file);
        } catch (InvalidInputException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidInputException(file + " is not a well-formed XML property list ("
                    + String.valueOf(e.getMessage()).replaceAll("\\s+", " ") + "): expected an XML plist or an "
                    + "unsigned .mobileconfig");
        }
    }

    private static Object value(Element e, String file) {
        switch (e.getTagName()) {
            case "dict" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                String key = null;
                for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element c) {
                        if (c.getTagName().equals("key")) {
                            key = c.getTextContent();
                        } else if (key != null) {
                            m.put(key, value(c, file));
                            key = null;
                        }
                    }
                }
                return m;
            }
            case "array" -> {
                List<Object> l = new ArrayList<>();
                for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element c) {
                        l.add(value(c, file));
                    }
                }
                return l;
            }
            case "true" -> {
                return Boolean.TRUE;
            }
            case "false" -> {
                return Boolean.FALSE;
            }
            default -> {
                return e.getTextContent();
            }
        }
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                return c;
            }
        }
        return null;
    }

    /** Every {@code cloudService} dictionary's {@code proxy}, with the payload it was in. */
    static List<ProxySource> vendorProxies(Object plist, String file) {
        List<ProxySource> out = new ArrayList<>();
        walk(plist, file, null, out, 0);
        return out;
    }

    private static void walk(Object o, String file, String payload, List<ProxySource> out, int depth) {
        if (depth > 64) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            String here = m.get("PayloadType") instanceof String t ? t : payload;
            if (m.get("cloudService") instanceof Map<?, ?> cloud && cloud.containsKey("proxy")) {
                Object p = cloud.get("proxy");
                out.add(VendorConfig.fromValue(
                        p instanceof String s ? s : null,
                        String.valueOf(p),
                        SourceKind.MACOS_VENDOR_PROFILE,
                        file + (here == null ? "" : " (" + here + ")")));
            }
            for (Object v : m.values()) {
                walk(v, file, here, out, depth + 1);
            }
        } else if (o instanceof List<?> l) {
            for (Object v : l) {
                walk(v, file, payload, out, depth + 1);
            }
        }
    }
}

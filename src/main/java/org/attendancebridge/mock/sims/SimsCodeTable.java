package org.attendancebridge.mock.sims;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The school's SIMS 7 code table ({@code AttendanceCodes_V2_load}, with its misspelt
 * {@code AttenanceCodes}): each display code, sub-codes included, and the statutory code
 * it returns as. Parsed with DTDs and external entities refused.
 */
public final class SimsCodeTable {

	/**
	 * One row: a display code such as {@code I01} and the statutory code it stands for.
	 */
	public record Code(String display, String statutory, boolean active) {
	}

	private final String xml;

	private final Map<String, Code> byDisplay = new LinkedHashMap<>();

	public SimsCodeTable(String xml) {
		this.xml = xml;
		Document document = parse(xml);
		NodeList rows = document.getElementsByTagName("AttendanceCode");
		for (int i = 0; i < rows.getLength(); i++) {
			Element row = (Element) rows.item(i);
			Code code = new Code(text(row, "SIMS_Display_Code"), text(row, "Statutory_Return_Code"),
					"T".equals(text(row, "Is_Active")));
			this.byDisplay.put(code.display(), code);
		}
		if (document.getElementsByTagName("AttenanceCodes").getLength() != 1) {
			throw new IllegalArgumentException("a SIMS code table has one AttenanceCodes element");
		}
	}

	static Document parse(String xml) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
			factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
			factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
			factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
			factory.setXIncludeAware(false);
			factory.setExpandEntityReferences(false);
			DocumentBuilder builder = factory.newDocumentBuilder();
			return builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalArgumentException("not a SIMS code table: " + ex.getMessage(), ex);
		}
	}

	private static String text(Element row, String name) {
		NodeList nodes = row.getElementsByTagName(name);
		return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
	}

	public String xml() {
		return this.xml;
	}

	/** The statutory code of a display code, or null when the table has no such code. */
	public String statutory(String display) {
		Code code = this.byDisplay.get(display);
		return code == null ? null : code.statutory();
	}

	/**
	 * The active display codes standing for {@code statutory}: itself first, then
	 * sub-codes.
	 */
	public List<String> displayCodesFor(String statutory) {
		List<String> codes = new ArrayList<>();
		for (Code code : this.byDisplay.values()) {
			if (code.active() && code.statutory().equals(statutory)) {
				codes.add(code.display());
			}
		}
		return codes;
	}

}

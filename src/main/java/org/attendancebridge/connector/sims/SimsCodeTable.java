package org.attendancebridge.connector.sims;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import org.attendancebridge.model.DfeCode;
import org.attendancebridge.model.UnknownCodeException;

/**
 * A school's SIMS attendance code table, read from SIMS 7's XML export
 * ({@code AttendanceCodes_V2_load}, whose {@code AttenanceCodes} element really is spelt
 * so). Each SIMS code maps onto its statutory code, so a school's three-character
 * sub-codes ({@code X01}) land on the DfE code they report as. The XML is parsed with
 * DTDs and external entities refused: a code table is never a way into the file system.
 */
public final class SimsCodeTable {

	/** Every code the table maps, in use or not: old marks keep a retired code. */
	private final Map<String, String> statutoryBySimsCode;

	/** The codes in use: the only ones written. */
	private final Set<String> active;

	private SimsCodeTable(Map<String, String> statutoryBySimsCode, Set<String> active) {
		this.statutoryBySimsCode = statutoryBySimsCode;
		this.active = active;
	}

	/**
	 * @throws SimsCodeTableException when the XML is malformed, declares a DTD, or an
	 * active code has no statutory code
	 */
	public static SimsCodeTable parse(String school, String xml) {
		Document document;
		try {
			DocumentBuilder builder = safeFactory().newDocumentBuilder();
			builder.setErrorHandler(null);
			document = builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
		}
		catch (SAXParseException ex) {
			throw new SimsCodeTableException(school + ": the SIMS code table is not usable XML at line "
					+ ex.getLineNumber() + ": " + ex.getMessage());
		}
		catch (SAXException | java.io.IOException ex) {
			throw new SimsCodeTableException(school + ": the SIMS code table is not usable XML: " + ex.getMessage());
		}
		catch (ParserConfigurationException ex) {
			throw new IllegalStateException("no safe XML parser", ex);
		}
		Element root = document.getDocumentElement();
		if (!"AttendanceCodes_V2_load".equals(root.getTagName())) {
			throw new SimsCodeTableException(
					school + ": expected a SIMS code table (AttendanceCodes_V2_load), not <" + root.getTagName() + ">");
		}
		Map<String, String> codes = new HashMap<>();
		Set<String> active = new HashSet<>();
		NodeList entries = root.getElementsByTagName("AttendanceCode");
		for (int i = 0; i < entries.getLength(); i++) {
			Element entry = (Element) entries.item(i);
			String simsCode = text(entry, "SIMS_Display_Code");
			String statutory = text(entry, "Statutory_Return_Code");
			if (simsCode.isEmpty()) {
				continue;
			}
			Boolean inUse = active(text(entry, "Is_Active"));
			if (inUse == null) {
				throw new SimsCodeTableException(school + ": SIMS code '" + simsCode + "' (entry " + (i + 1)
						+ " of the code table): 'Is_Active' is none of T, F, true, false, 1, 0");
			}
			if (statutory.isEmpty()) {
				if (!inUse) {
					// Retired without a statutory code: a mark with it is reported
					// unknown.
					continue;
				}
				throw new SimsCodeTableException(school + ": SIMS code '" + simsCode + "' (entry " + (i + 1)
						+ " of the code table) has no Statutory_Return_Code");
			}
			codes.put(simsCode, statutory);
			if (inUse) {
				active.add(simsCode);
			}
		}
		return new SimsCodeTable(Map.copyOf(codes), Set.copyOf(active));
	}

	/**
	 * The DfE code a SIMS code stands for on a date, or empty when the school's table
	 * does not have it (the caller reports it).
	 * @throws UnknownCodeException when the table maps it to something that is no DfE
	 * code on that date
	 */
	public Optional<DfeCode> toDfe(String simsCode, LocalDate date) {
		String statutory = this.statutoryBySimsCode.get(simsCode);
		return (statutory == null) ? Optional.empty() : Optional.of(DfeCode.of(statutory, date));
	}

	/**
	 * The SIMS code to write for a statutory code: the code itself where the school keeps
	 * it, else the first of its sub-codes in order; empty when the school has none.
	 */
	public Optional<String> simsCodeFor(String statutory) {
		if (this.active.contains(statutory) && statutory.equals(this.statutoryBySimsCode.get(statutory))) {
			return Optional.of(statutory);
		}
		return this.statutoryBySimsCode.entrySet()
			.stream()
			.filter((entry) -> this.active.contains(entry.getKey()) && entry.getValue().equals(statutory))
			.map(Map.Entry::getKey)
			.sorted()
			.findFirst();
	}

	public int size() {
		return this.statutoryBySimsCode.size();
	}

	/**
	 * SIMS 7 writes {@code T} or {@code F}; {@code true}/{@code false} and
	 * {@code 1}/{@code 0} (XML Schema's booleans) are read too, and no value is active.
	 * Anything else is null: whether the code is in use cannot be told.
	 */
	private static Boolean active(String text) {
		return switch (text.toLowerCase(Locale.ROOT)) {
			case "", "t", "true", "1" -> true;
			case "f", "false", "0" -> false;
			default -> null;
		};
	}

	private static String text(Element entry, String tag) {
		NodeList nodes = entry.getElementsByTagName(tag);
		return (nodes.getLength() == 0) ? "" : nodes.item(0).getTextContent().trim();
	}

	/** A DocumentBuilderFactory that takes no DTD, no external entity, no XInclude. */
	static DocumentBuilderFactory safeFactory() throws ParserConfigurationException {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
		factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
		factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
		factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
		factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
		factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
		factory.setXIncludeAware(false);
		factory.setExpandEntityReferences(false);
		factory.setNamespaceAware(false);
		return factory;
	}

}

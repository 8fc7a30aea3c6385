package org.attendancebridge.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

/**
 * Lays out an XHTML page as a PDF (openhtmltopdf): the letters home and the evidence
 * packs are written as pages and printed this way.
 */
public final class HtmlPdf {

	private HtmlPdf() {
	}

	/**
	 * The page as a PDF.
	 * @param what names the document in an error
	 */
	public static byte[] render(String xhtml, String what) {
		ByteArrayOutputStream pdf = new ByteArrayOutputStream();
		try {
			PdfRendererBuilder builder = new PdfRendererBuilder();
			builder.useFastMode();
			builder.withHtmlContent(xhtml, null);
			builder.toStream(pdf);
			builder.run();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot render " + what, ex);
		}
		return pdf.toByteArray();
	}

	/** Text made safe inside an element or an attribute. */
	public static String escape(String text) {
		return (text == null) ? ""
				: text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}

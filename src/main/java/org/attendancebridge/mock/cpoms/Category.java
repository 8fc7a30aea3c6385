package org.attendancebridge.mock.cpoms;

/**
 * A CPOMS incident category; children point at their parent.
 *
 * @param id the category id clients send in {@code category_ids}
 * @param name the name staff see
 * @param parentId the parent category, or null for a top-level one
 */
public record Category(int id, String name, Integer parentId) {
}

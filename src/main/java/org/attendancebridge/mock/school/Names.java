package org.attendancebridge.mock.school;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Made-up names, drawn to fit a family's home language. */
final class Names {

	static final List<String> HOME_LANGUAGES = List.of("Polish", "Romanian", "Urdu", "Arabic", "Bengali", "Punjabi",
			"Somali", "Portuguese", "Lithuanian", "Spanish");

	private static final Map<String, List<String>> FORENAMES = Map.ofEntries(
			Map.entry("English",
					List.of("Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Noah", "Mia", "Jack", "Ivy", "Leo",
							"Lily", "Arthur", "Freya", "Oscar", "Grace", "Charlie", "Evie", "Theo", "Poppy")),
			Map.entry("Polish", List.of("Jakub", "Zofia", "Antoni", "Hanna", "Jan", "Julia", "Szymon", "Maja")),
			Map.entry("Romanian", List.of("Andrei", "Ioana", "Mihai", "Elena", "Stefan", "Maria", "Luca", "Sofia")),
			Map.entry("Urdu", List.of("Muhammad", "Aisha", "Ali", "Zara", "Hamza", "Fatima", "Ayaan", "Maryam")),
			Map.entry("Arabic", List.of("Omar", "Layla", "Yusuf", "Noor", "Adam", "Amira", "Ibrahim", "Huda")),
			Map.entry("Bengali", List.of("Rahim", "Ayesha", "Tanvir", "Nusrat", "Arif", "Sadia", "Imran", "Ruma")),
			Map.entry("Punjabi", List.of("Arjun", "Simran", "Harjit", "Priya", "Gurpreet", "Jasleen")),
			Map.entry("Somali", List.of("Abdi", "Hodan", "Mahad", "Ifrah", "Liban", "Sagal")),
			Map.entry("Portuguese", List.of("Tiago", "Beatriz", "Rafael", "Leonor", "Diogo", "Matilde")),
			Map.entry("Lithuanian", List.of("Lukas", "Emilija", "Matas", "Urte", "Nojus", "Gabija")),
			Map.entry("Spanish", List.of("Mateo", "Lucia", "Hugo", "Paula", "Pablo", "Carmen")));

	private static final Map<String, List<String>> SURNAMES = Map.ofEntries(
			Map.entry("English",
					List.of("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
							"Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
							"Wood", "Jackson", "Clarke", "Hughes", "Edwards", "Turner")),
			Map.entry("Polish", List.of("Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kaminski", "Lewandowski")),
			Map.entry("Romanian", List.of("Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica")),
			Map.entry("Urdu", List.of("Khan", "Hussain", "Ahmed", "Iqbal", "Malik", "Raza")),
			Map.entry("Arabic", List.of("Haddad", "Saleh", "Mansour", "Nasser", "Khalil", "Aziz")),
			Map.entry("Bengali", List.of("Rahman", "Begum", "Uddin", "Islam", "Miah", "Chowdhury")),
			Map.entry("Punjabi", List.of("Singh", "Kaur", "Gill", "Sandhu", "Dhillon", "Sidhu")),
			Map.entry("Somali", List.of("Mohamed", "Abdi", "Hassan", "Farah", "Warsame", "Osman")),
			Map.entry("Portuguese", List.of("Silva", "Santos", "Ferreira", "Pereira", "Costa", "Oliveira")),
			Map.entry("Lithuanian", List.of("Kazlauskas", "Jankauskas", "Petrauskas", "Stankevicius")),
			Map.entry("Spanish", List.of("Garcia", "Martinez", "Lopez", "Sanchez", "Romero", "Navarro")));

	private static final List<String> STAFF_FORENAMES = List.of("Sarah", "David", "Claire", "Mark", "Helen", "James",
			"Rachel", "Paul", "Emma", "Andrew", "Louise", "Simon", "Nadia", "Kwame", "Priya", "Tom");

	private Names() {
	}

	static String forename(SplittableRandom random, String language) {
		return pick(random, FORENAMES.getOrDefault(language, FORENAMES.get("English")));
	}

	static String surname(SplittableRandom random, String language) {
		return pick(random, SURNAMES.getOrDefault(language, SURNAMES.get("English")));
	}

	static String staffForename(SplittableRandom random) {
		return pick(random, STAFF_FORENAMES);
	}

	static <T> T pick(SplittableRandom random, List<T> items) {
		return items.get(random.nextInt(items.size()));
	}

}

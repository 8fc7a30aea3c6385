package org.attendancebridge.crash;

import java.io.IOException;

import org.attendancebridge.AdapterApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * One adapter instance of a crash test, in a process of its own so that the test can kill
 * it with SIGKILL, as a machine dies: the real adapter ({@link AdapterApplication}: the
 * routes, the stores, dispatch, clustered Quartz) with the few additions of
 * {@link AdapterNodeAdditions}. Arguments are the adapter's own {@code --key=value}
 * settings. Runs until the process is killed.
 */
public final class AdapterNode {

	private AdapterNode() {
	}

	public static void main(String[] args) {
		// A test run that dies leaves no adapter behind.
		ProcessHandle.current().parent().ifPresent((test) -> test.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
		new SpringApplicationBuilder(AdapterApplication.class, AdapterNodeAdditions.class)
			.initializers((context) -> context.getBeanFactory()
				.registerSingleton(TestComponentsLeftOut.class.getName(), new TestComponentsLeftOut()))
			.run(args);
	}

	/**
	 * The adapter scans its whole package, and the test classes share it: their
	 * {@code @TestConfiguration}s (another test's clock, a sleeper that never sleeps) are
	 * left out, as {@code @SpringBootTest} leaves them out of a test's context.
	 */
	static final class TestComponentsLeftOut extends TypeExcludeFilter {

		@Override
		public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
			return reader.getAnnotationMetadata().hasAnnotation(TestComponent.class.getName())
					|| reader.getAnnotationMetadata().hasMetaAnnotation(TestComponent.class.getName());
		}

		@Override
		public boolean equals(Object other) {
			return other != null && other.getClass() == getClass();
		}

		@Override
		public int hashCode() {
			return getClass().hashCode();
		}

	}

}

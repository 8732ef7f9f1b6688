package saddlelab.engine;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Assembles the step kernels' WebAssembly text ({@code src/main/wat}) into the binaries the page loads
 * ({@code web/kernel}), with Chicory's pure-Java wat2wasm (byte-identical to wabt's). The binaries are
 * committed; {@link KernelTest} fails when one is not the assembly of its source.
 */
public final class AssembleKernels {
    private AssembleKernels() {
    }

    public static void main(String[] args) throws IOException {
        for (String name : new String[] {"kernel", "kernel-simd"}) {
            byte[] wasm = Wat2Wasm.parse(Files.readString(KernelTest.WAT.resolve(name + ".wat")));
            Files.createDirectories(KernelTest.WASM);
            Files.write(KernelTest.WASM.resolve(name + ".wasm"), wasm);
            System.out.println(KernelTest.WASM.resolve(name + ".wasm") + ": " + wasm.length + " bytes");
        }
    }
}

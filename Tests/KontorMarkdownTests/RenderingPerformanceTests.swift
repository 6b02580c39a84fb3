import Foundation
import Testing
@testable import KontorMarkdown

// Serialized so the timing test does not share the CPU with the concurrency test's eight tasks.
@Suite("Rendering cost and concurrency", .serialized)
struct RenderingPerformanceTests {
    /// A realistic 300-word help article using most of the supported constructs.
    static let article: String = {
        let paragraph = """
            Para migrar su sitio a Kontor, prepare una copia de seguridad completa de los archivos y de la base \
            de datos, compruebe que el dominio apunta a los servidores correctos y revise la [configuración de \
            seguridad](console:profile/security) antes de empezar. El proceso suele tardar ~~una hora~~ unos \
            minutos, según el tamaño del sitio y la velocidad de su conexión actual, y no afecta al correo.
            """
        return """
            # Migrar un sitio a Kontor

            ## Antes de empezar

            \(paragraph)

            ⚠ Si realiza una migración con el dominio activo, los visitantes pueden ver errores durante unos minutos.

            ## Pasos

            1. Abra el **panel de control** y elija *Sitios*.
            2. Pulse `Migrar` y siga el asistente.
            3. Compruebe el resultado en https://status.kontor.example.

            | Plan | Sitios | Copias |
            |------|--------|--------|
            | Básico | 1 | Diarias |
            | Pro | 10 | Cada hora |

            ### Vídeo

            [Cómo migrar](https://www.youtube.com/watch?v=dQw4w9WgXcQ)

            > [!TIP]
            > Lea también [cómo desactivar 2FA](article:disable-2fa).

            \(paragraph)

            ![Panel de control](/img/panel.png)

            - [x] Copia hecha
            - [ ] DNS cambiados

            \(paragraph)
            """
    }()

    @Test("The sample article really has about 300 words")
    func sampleSize() {
        #expect((280...380).contains(Self.article.split(whereSeparator: \.isWhitespace).count))
    }

    @Test("A 300-word article renders in under a millisecond, even in a debug build")
    func speed() {
        _ = render(Self.article)  // warm-up: extension registration, first allocations
        let clock = ContinuousClock()
        var durations: [Duration] = []
        for _ in 0..<101 {
            durations.append(clock.measure { _ = render(Self.article) })
        }
        // The median, so a scheduler hiccup on a busy build machine does not fail the test.
        // (An optimised build takes about 0.15 ms, a debug build about 0.4 ms.)
        let median = durations.sorted()[durations.count / 2]
        #expect(median < .milliseconds(1), "median \(median)")
    }

    @Test("Concurrent renders give identical results")
    func concurrency() async {
        let expected = render(Self.article)
        #expect(expected.html.contains("<del>una hora</del>"))
        #expect(expected.html.contains("<a href=\"https://status.kontor.example\">"))
        let results = await withTaskGroup(of: [MarkdownDocument].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<50).map { _ in render(Self.article) } }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(results.count == 400)
        #expect(results.allSatisfy { $0 == expected })
    }
}

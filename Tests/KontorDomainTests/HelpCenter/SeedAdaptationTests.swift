@testable import KontorDomain
import Testing

@Suite("Another provider's guides rewritten for this console: its names, its addresses, its 'click here' and its menus")
struct SeedAdaptationTests {
    let adaptation = SeedAdaptation(providerName: "Helvetia Hosting")
    let house = SeedAdaptation.House(publisher: ["Acme"], console: ["Panel"])

    @Test("the publisher is the house name in a web address; the others are its console")
    func findsTheHouse() {
        let house = SeedAdaptation.House(names: ["Acme", "Panel"], in: "Entre en el Panel Acme (panel.acme.ch) o en acme.ch.")
        #expect(house == SeedAdaptation.House(publisher: ["Acme"], console: ["Panel"]))
    }

    @Test("the publisher's name becomes the provider's, its console 'the console', with the article that goes with it")
    func names() {
        #expect(adaptation.adapt("Desde que abrió su cuenta con Acme, forma parte de una Organización.", house: house)
                == "Desde que abrió su cuenta con Helvetia Hosting, forma parte de una Organización.")
        #expect(adaptation.adapt("Es posible configurarlo desde el Panel para todo su sitio.", house: house)
                == "Es posible configurarlo desde la consola para todo su sitio.")
        #expect(adaptation.adapt("Haga clic en la flecha de la interfaz del Panel Acme.", house: house)
                == "Haga clic en la flecha de la interfaz de la consola.")
    }

    @Test("the publisher's web addresses go: in parentheses the parentheses, elsewhere the sentence, and an empty item the line")
    func addresses() {
        #expect(adaptation.adapt("Para la conexión al Panel Acme (panel.acme.ch) o al correo.", house: house) == "Para la conexión a la consola o al correo.")
        #expect(adaptation.adapt("Lea las noticias. ¡También en https://news.acme.ch!", house: house) == "Lea las noticias.")
        #expect(adaptation.adapt("- Uno.\n- También en shop.acme.ch; siempre.\n>\n- Dos.", house: house) == "- Uno.\n>\n- Dos.",
                "an item with nothing left goes; a structural empty line stays")
        #expect(adaptation.adapt("- Sin cambio. Para elegir, consulta esta otra guía.\n- Para elegir, consulta esta otra guía.", house: house) == "- Sin cambio.",
                "a reference to a guide the page no longer links goes")
    }

    @Test("'haga clic aquí' becomes a console link to the page it names, or plain words when no page matches — never a dead link")
    func clickHere() {
        #expect(adaptation.adapt("1. Haga clic aquí para acceder a la gestión de las direcciones de facturación en el Panel Acme (¿Necesita ayuda?).", house: house)
                == "1. [Acceda a la gestión de las direcciones de facturación](console:billing-addresses).")
        #expect(adaptation.adapt("1. Haga clic aquí (o en la pastilla con sus iniciales del Panel Acme) para \"Gestionar mi perfil\":", house: house)
                == "1. [Gestionar mi perfil](console:profile).")
        #expect(adaptation.adapt("2. Haga clic aquí para acceder a la gestión de sus dominios (Panel Acme).", house: house)
                == "2. Acceda a la gestión de sus dominios.")
    }

    @Test("an action menu ⋮ this console does not have becomes the item it belongs to")
    func actionMenus() {
        #expect(adaptation.adapt("2. Haga clic en el menú de acción ⋮ ubicado a la derecha del elemento en cuestión.", house: house)
                == "2. Haga clic en el elemento en cuestión.")
        #expect(adaptation.adapt("2. Haga clic en el menú de acción ⋮ a la derecha del nombre de la kSuite.", house: house)
                == "2. Haga clic en el nombre de la kSuite.")
    }
}

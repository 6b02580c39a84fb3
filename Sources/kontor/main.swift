import KontorApp

await Kontor.main()

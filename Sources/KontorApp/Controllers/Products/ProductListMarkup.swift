import KontorMarkdown
import Vapor

/// The products page's own markup: the list with each renewal date and Renewal Warranty, and the bulk switch.
///
/// Written in Swift rather than Leaf, like the frame around it (`PageFrame`), and for the same reason: it is the page
/// customers open most, its speed is a requirement measured against `/health` (`docs/benchmarks.md`, "Kontor under
/// load"), and Leaf interpreting its table — a translation, a condition and an escaped value per cell — was the
/// largest part of the page's time once the database work was plain. The markup is what `Products/List.leaf` had;
/// every value is escaped.
struct ProductListMarkup {
    let page: ProductsController.ListPage

    func render(_ request: Request) -> View {
        let texts = request.texts
        let t = { (key: String) in HTMLEscaping.escape(texts(key)) }
        let e = HTMLEscaping.escape
        var html = page.layout.frameTop
        html.reserveCapacity(html.utf8.count + 4096 + page.products.count * 1024)
        html += "<h1>\(t("products.title"))</h1>\n<p>\(t("products.explain"))</p>\n"
        if let order = page.orderPath {
            html += "<p><a class=\"button\" href=\"\(e(order))\" id=\"order-product\">\(t("order.new"))</a></p>\n"
        }
        html += "<p><a href=\"\(e(page.renewalsPath))\" id=\"renewals-link\">\(t("renewals.title"))</a></p>\n"
        if let report = page.report { html += "<p class=\"notice\" role=\"status\" id=\"bulk-report\">\(e(report))</p>\n" }
        if let error = page.bulkError {
            html += "<p class=\"error\" role=\"alert\" id=\"bulk-error\" tabindex=\"-1\" autofocus>\(e(error))</p>\n"
        }
        guard page.hasProducts else {
            html += "<p class=\"card\" id=\"no-products\">\(t("products.none"))</p>\n"
            return Self.view(html + page.layout.frameBottom)
        }
        let labels = (name: t("products.name"), kind: t("products.kind"), status: t("products.status"), renewal: t("products.renewal_date"))
        let warranty = (notOffered: t("products.renewal_warranty.not_offered"), on: t("products.on"), off: t("products.off"))
        let pending = t("products.status.pending")
        html += "<form method=\"post\" action=\"\(e(page.bulkAction))\" id=\"renewals-form\">\n  "
        html += PageFrame.csrfField(request) + "\n"
        html += "  <div class=\"table-wrap\"><table id=\"products\" class=\"stack\">\n    <thead><tr>\n      "
        if page.canManage {
            html += "<th scope=\"col\" class=\"select-column\"><input type=\"checkbox\" id=\"select-all-products\" aria-label=\"\(t("products.select_all"))\" hidden> "
            html += "<label for=\"select-all-products\" class=\"stack-only\">\(t("products.select_all"))</label></th>"
        }
        html += "<th scope=\"col\">\(labels.name)</th><th scope=\"col\">\(labels.kind)</th><th scope=\"col\">\(labels.status)</th>"
        html += "<th scope=\"col\">\(labels.renewal)</th><th scope=\"col\">Renewal Warranty</th>\n    </tr></thead>\n    <tbody>"
        for product in page.products {
            let id = e(product.id)
            html += "<tr>\n      "
            if page.canManage {
                html += "<td><input type=\"checkbox\" name=\"products[]\" value=\"\(id)\" id=\"select-\(id)\" class=\"select-product\" aria-label=\"\(e(product.name))\"></td>"
            }
            html += "<td data-label=\"\(labels.name)\"><a href=\"\(e(product.path))\">\(e(product.name))</a></td>"
            html += "<td data-label=\"\(labels.kind)\">\(e(product.kind))</td>"
            html += "<td data-label=\"\(labels.status)\"><span class=\"badge\" data-status=\"\(e(product.state))\">\(e(product.stateLabel))</span></td>"
            html += "<td data-label=\"\(labels.renewal)\">"
            html += product.isPending ? "<span class=\"badge\" data-status=\"pending\">\(pending)</span>" : e(product.renewsOn)
            html += "</td>\n      <td data-label=\"Renewal Warranty\" class=\"warranty\">"
            if !product.offersRenewalWarranty { html += "<span class=\"hint\">\(warranty.notOffered)</span>" }
            else if product.renewalWarranty { html += "<span class=\"badge ok\">\(warranty.on)</span>" }
            else { html += "<span class=\"badge\">\(warranty.off)</span>" }
            html += "</td>\n    </tr>"
        }
        html += "</tbody>\n  </table></div>\n"
        if page.canManage {
            html += "  <p class=\"hint\">\(t("products.bulk.explain"))</p>\n"
            html += "  <button type=\"submit\" name=\"enabled\" value=\"true\" id=\"bulk-on\">\(t("products.bulk.on"))</button>\n"
            html += "  <button type=\"submit\" name=\"enabled\" value=\"false\" id=\"bulk-off\" class=\"secondary\">\(t("products.bulk.off"))</button>\n"
        }
        html += "</form>\n<script src=\"/js/products.js\" defer></script>\n"
        return Self.view(html + page.layout.frameBottom)
    }

    private static func view(_ html: String) -> View {
        View(data: ByteBuffer(string: html))
    }
}

import Foundation

/// The pages of the organisation and HR departments: workload, staffing and the annual bonus.
extension WebTemplates {
    static let workloadRow = """
        <td class="num">{{people}}</td><td class="num">{{products}}</td><td class="num">{{unpriced}}</td><td class="num">{{evidence}}</td><td class="num">{{available}}</td><td class="num">{{utilisation}}</td><td class="num">{{fte}}</td>
        """

    static let workloadHead = """
        <th>Số người</th><th>Sản phẩm</th><th>Chưa có định mức</th><th>Giờ minh chứng</th><th>Giờ làm việc</th><th>Tỷ lệ sử dụng</th><th>FTE</th></tr></thead>
        """

    static let workload = periodForm + """
        <p class="warn">{{note}}</p>
        <section class="cards">
        <div class="card"><b>{{days}}</b><span>ngày làm việc (trừ nghỉ lễ, Tết)</span></div>
        <div class="card"><b>{{standard}}</b><span>giờ làm việc chuẩn của một người</span></div>
        <div class="card"><b>{{evidence}}</b><span>giờ minh chứng</span></div>
        <div class="card"><b>{{people}}</b><span>cán bộ</span></div>
        </section>
        <section><h2>Tỷ lệ sử dụng thời gian theo đơn vị</h2>{{{chart}}}<p><a href="/bien-che">Xem biên chế theo khối lượng công việc</a></p></section>
        <section><h2>Theo cơ quan</h2><div class="scroll"><table><thead><tr><th>Cơ quan</th>
        """ + workloadHead + """
        <tbody>{{#agencies}}<tr><td>{{name}}</td>
        """ + workloadRow + """
        </tr>{{/agencies}}</tbody></table></div></section>
        <section><h2>Theo đơn vị</h2><div class="scroll"><table><thead><tr><th>Đơn vị</th>
        """ + workloadHead + """
        <tbody>{{#units}}<tr><td>{{name}}</td>
        """ + workloadRow + """
        </tr>{{/units}}</tbody></table></div></section>
        <section><h2>Theo vị trí việc làm</h2><div class="scroll"><table><thead><tr><th>Vị trí</th>
        """ + workloadHead + """
        <tbody>{{#positions}}<tr><td>{{name}}</td>
        """ + workloadRow + """
        </tr>{{/positions}}</tbody></table></div></section>
        <section><h2>Từng cán bộ</h2><div class="scroll"><table><thead><tr><th>Cán bộ</th><th>Đơn vị</th><th>Vị trí</th>
        """ + workloadHead + """
        <tbody>{{#officers}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{unit}}</td><td>{{position}}</td>
        """ + workloadRow + """
        </tr>{{/officers}}</tbody></table></div></section>
        """

    static let staffing = periodForm + """
        <p class="warn">{{note}}</p>
        <p>Giờ minh chứng bình quân mỗi người (trung vị các đơn vị): {{median}}; đơn vị lệch quá {{threshold}} so với trung vị được đánh dấu bất thường.</p>
        <section><h2>Biên chế giao và biên chế cần</h2>{{{chart}}}</section>
        <section><h2>Theo đơn vị</h2><div class="scroll"><table>
        <thead><tr><th>Đơn vị</th><th>Biên chế giao</th><th>Hiện có</th><th>Cần (FTE)</th><th>Chênh lệch</th><th>Giờ/người</th><th>Bất thường</th>{{#cuts}}<th>Còn lại sau {{.}}</th>{{/cuts}}</tr></thead>
        <tbody>{{#rows}}<tr{{#outlier}} class="warn"{{/outlier}}><td>{{unit}}</td><td class="num">{{assigned}}</td><td class="num">{{inPost}}</td><td class="num">{{fte}}</td><td class="num">{{gap}}</td><td class="num">{{perHead}}</td><td>{{#outlier}}có{{/outlier}}</td>{{#scenarios}}<td class="num">{{left}}{{#below}} (thiếu){{/below}}</td>{{/scenarios}}</tr>{{/rows}}</tbody>
        </table></div></section>
        <section><h2>Vượt tỷ lệ tối đa theo vị trí</h2><div class="scroll"><table>
        <thead><tr><th>Đơn vị</th><th>Vị trí</th><th>Số người giữ</th><th>Trên tổng số</th><th>Tỷ lệ tối đa</th></tr></thead>
        <tbody>{{#caps}}<tr class="warn"><td>{{unit}}</td><td>{{position}}</td><td class="num">{{holders}}</td><td class="num">{{inPost}}</td><td class="num">{{share}}</td></tr>{{/caps}}
        {{^caps}}<tr><td colspan="5">Không đơn vị nào vượt tỷ lệ tối đa.</td></tr>{{/caps}}</tbody></table></div></section>
        """

    static let bonus = """
        <form method="get" class="filters">
        <label for="co-quan">Cơ quan</label>
        <select id="co-quan" name="co-quan">{{#agencies}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/agencies}}</select>
        <label for="nam">Năm</label>
        <select id="nam" name="nam">{{#years}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/years}}</select>
        <button type="submit">Xem</button>
        </form>
        {{#notice}}<p class="warn">{{notice}}</p>{{/notice}}
        {{#canRun}}<form method="post" action="/thuong/lap" class="filters"><input type="hidden" name="_csrf" value="{{csrf}}">
        <input type="hidden" name="co-quan" value="{{agency}}"><input type="hidden" name="nam" value="{{year}}">
        <button type="submit">Kiểm tra và lập danh sách thưởng năm {{year}}</button></form>{{/canRun}}
        {{#run}}
        <p class="muted">Lần lập {{number}}, {{at}}, bởi {{actor}}. Xếp loại theo kết quả khóa sổ năm lúc {{closedAt}}. Căn cứ: {{basis}}.</p>
        <section class="cards">
        <div class="card"><b>{{fund}}</b><span>quỹ thưởng ({{share}} quỹ lương)</span></div>
        <div class="card"><b>{{total}}</b><span>tổng tiền thưởng</span></div>
        <div class="card"><b>{{remainder}}</b><span>còn lại trong quỹ</span></div>
        <div class="card"><b>{{count}}</b><span>cán bộ</span></div>
        </section>
        {{#hasDifferences}}<section><h2>Điểm đã điều chỉnh sau khi lập danh sách</h2>
        <p class="warn">Danh sách đã lập được giữ nguyên. Muốn áp dụng xếp loại mới: mở lại kỳ năm, khóa sổ lại, rồi lập lại danh sách.</p>
        <div class="scroll"><table><thead><tr><th>Cán bộ</th><th>Xếp loại trong danh sách</th><th>Xếp loại hiện nay</th><th>Số tiền trong danh sách</th></tr></thead>
        <tbody>{{#differences}}<tr class="warn"><td>{{name}}</td><td>{{before}}</td><td>{{now}}</td><td class="num">{{amount}}</td></tr>{{/differences}}</tbody></table></div></section>{{/hasDifferences}}
        <section><h2>Danh sách đề nghị thưởng</h2><p><a href="{{download}}">Tải về bảng tính (.xlsx)</a></p>
        <div class="scroll"><table>
        <thead><tr><th>STT</th><th>Cán bộ</th><th>Đơn vị</th><th>Xếp loại</th><th>Tiền thưởng</th>{{#additional}}<th>Thu nhập tăng thêm</th>{{/additional}}<th>Căn cứ</th></tr></thead>
        <tbody>{{#lines}}<tr><td class="num">{{index}}</td><td><a href="{{href}}">{{name}}</a></td><td>{{unit}}</td><td>{{level}}</td><td class="num">{{amount}}</td>{{#additional}}<td class="num">{{extra}}</td>{{/additional}}<td>{{explanation}}</td></tr>{{/lines}}</tbody>
        </table></div></section>
        {{/run}}
        {{#hasAgency}}{{^run}}<p>Chưa lập danh sách thưởng năm {{year}} cho cơ quan này.</p>{{/run}}{{/hasAgency}}
        {{#empty}}<p>{{empty}}</p>{{/empty}}
        """
}

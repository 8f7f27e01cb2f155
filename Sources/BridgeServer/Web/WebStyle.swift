/// The web UI's one style sheet, served at `/static/kpibridge.css` (no inline styles: the content security
/// policy allows styles from the server only). Narrow screens get one column and tables that scroll sideways.
enum WebStyle {
    static let css = """
        :root { --ink: #1d2733; --muted: #5f6b78; --line: #d8dee5; --accent: #1f5fa8; --warn: #fff4d6; --bad: #c0392b; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: var(--ink); background: #f6f8fa; }
        header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: .6rem 1rem; background: #12355b; color: #fff; }
        header a { color: #fff; text-decoration: none; }
        .brand { font-weight: 700; margin-right: .5rem; }
        nav { display: flex; flex-wrap: wrap; gap: .25rem .9rem; flex: 1; }
        nav a[aria-current="page"] { text-decoration: underline; }
        .signout { display: flex; gap: .5rem; align-items: center; font-size: .85rem; }
        main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.4rem; margin: .2rem 0 1rem; }
        h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
        section { margin-bottom: 1rem; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: .75rem; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; }
        .card b { display: block; font-size: 1.3rem; }
        .card span { color: var(--muted); font-size: .85rem; }
        .card.warn { background: var(--warn); }
        .narrow { max-width: 420px; }
        .scroll { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; }
        th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: #eef2f6; font-weight: 600; white-space: nowrap; }
        td.num { text-align: right; white-space: nowrap; }
        tr.warn td { background: var(--warn); }
        .warn { color: #7a5200; }
        .muted, small { color: var(--muted); }
        .notice { background: #e4f1e8; border: 1px solid #9fcfae; padding: .5rem .75rem; border-radius: 6px; }
        .problem { background: #fdecea; border: 1px solid #f1aaa2; padding: .5rem .75rem; border-radius: 6px; }
        .filters { display: flex; flex-wrap: wrap; gap: .4rem .6rem; align-items: center; margin-bottom: .75rem; }
        label { font-size: .9rem; }
        form.card label { display: block; margin: .4rem 0 .2rem; }
        input, select, button { font: inherit; padding: .3rem .5rem; }
        input[name="token"], input[name="reason"] { width: 100%; }
        button { background: var(--accent); color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
        header button { background: #2c5a8a; }
        fieldset { border: 1px solid var(--line); margin: 0 0 .5rem; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }
        .tag { display: inline-block; background: #eef2f6; border-radius: 3px; padding: 0 .3rem; font-size: .8rem; }
        .pager { display: flex; gap: 1rem; }
        svg { max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
        svg text { fill: var(--ink); }
        footer { text-align: center; color: var(--muted); font-size: .8rem; padding: 1.5rem 1rem; }
        @media (max-width: 600px) { dl.facts { grid-template-columns: 1fr; } main { padding: .6rem; } }
        """
}

import { definePreset, presetFactory } from './define.js'

/**
 * GitHub Gist embeds. GitHub has no CSP page for them (none in the stored copies, 2026-12-01): the
 * hosts are those of the embed GitHub's docs describe (https://docs.github.com/en/get-started/writing-on-github/editing-and-sharing-content-with-gists/creating-gists):
 * `<script src="https://gist.github.com/<user>/<id>.js">`, which document.write()s the gist's HTML
 * and a stylesheet link to https://github.githubassets.com. document.write only works from a
 * script in the page's HTML, so the tag must be in the page, not inserted at run time.
 */
export const githubGistPreset = definePreset({
  name: 'github-gist',
  title: 'GitHub Gist embeds',
  docs: 'https://docs.github.com/en/get-started/writing-on-github/editing-and-sharing-content-with-gists/creating-gists',
  checked: '2026-12-01',
  strictDynamic: {
    why: 'a gist embed is a <script src> that writes the gist with document.write, which \'strict-dynamic\' never trusts.',
    fix: 'Embed gists another way (an <iframe>, or the gist\'s content at build time), or leave strict mode off.',
  },
  notes: 'No vendor CSP page; hosts from the embed script: gist.github.com (the script) and github.githubassets.com (its stylesheet).',
  directives: {
    'script-src': ['https://gist.github.com'],
    'style-src': ['https://github.githubassets.com'],
  },
})

export const githubGist = presetFactory(githubGistPreset)

export default {
  mdx: '',
  ssg: '',
  i18n: '',
  themes: '',
  latex: ''
}

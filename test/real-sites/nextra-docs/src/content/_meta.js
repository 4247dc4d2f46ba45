export default {
  index: '',
  'get-started': '',
  features: '',
  themes: '',
  advanced: {
    theme: {
      copyPage: false
    }
  }
}

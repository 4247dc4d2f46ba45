export default {
  index: '',
  configuration: '',
  callout: ''
}

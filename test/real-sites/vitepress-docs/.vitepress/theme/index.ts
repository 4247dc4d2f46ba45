import Theme from 'vitepress/theme'
import './styles.css'

export default Theme
